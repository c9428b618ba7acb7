// Every view in Chinese, filled with real content (a knowledge base from a
// folder, a chat with a cited answer, an assistant, a data set, the models
// of an Ollama), shows no English: any visible run of Latin letters must be
// a name (of a file, a model, a product), a path, a unit or a code.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, screenshot, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';

// Names that stay as they are in Chinese text: products, formats, systems,
// keys. The models' own names are added from what the backend lists.
const names = ['Ollama', 'Zhiku', 'Markdown', 'Word', 'Linux', 'macOS', 'Windows', 'Hugging', 'Face', 'ModelScope', 'LoRA', 'LLaMA-Factory',
  'Enter', 'Shift', 'Esc', 'Ctrl', 'Cmd', 'OpenAI', 'ShareGPT', 'Alpaca', 'WebKitGTK', 'Wayland', 'X11', 'curl', 'sh', 'nomic-embed-text'];
// Units of size that stay as they are.
const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * Runs in the page: the visible text runs and the labels a person reads
 * (placeholders, accessible names, tooltips), with the element they are on.
 */
function visibleTexts() {
  const texts = [];
  const where = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    // What the person wrote or a model answered is theirs, not the UI's.
    if (el.closest('script, style, textarea, .markdown, [data-testid="source-context"], pre')) continue;
    const option = el.closest('option');
    if (option ? !option.selected : !el.checkVisibility({ visibilityProperty: true })) continue;
    texts.push({ text: node.textContent, at: where(el) });
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(attr);
      if (value) texts.push({ text: value, at: `${where(el)}@${attr}` });
    }
  }
  return texts;
}

/**
 * The English words of a text: its Latin words that are not names, units,
 * acronyms (PDF, GPU), single letters, or codes (bge-m3, num_ctx, *.md,
 * paths, addresses, versions), which hold a digit, dot, slash, underscore,
 * colon or asterisk.
 */
function englishWords(text, allowed) {
  return text
    .replace(/<\w+>/g, ' ')
    .split(/[^\w.\-/:*+@]+/u)
    .flatMap((w) => w.split('+'))
    .map((w) => w.replace(/[-.]+$/, ''))
    .filter(
      (w) =>
        /[A-Za-z]/.test(w) &&
        !/[\d._/:*@]/.test(w) &&
        w.length > 1 &&
        !/^[A-Z]{2,}s?$/.test(w) &&
        !w.startsWith('-') &&
        !allowed.has(w),
    );
}

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-language-'));
const rigHost = process.env.ZHIKU_TEST_OLLAMA_HOST ?? process.env.OLLAMA_HOST;
let browser;
let ollama;
let server;
before(async () => {
  browser = await launchBrowser();
  ollama = await startScriptedOllama({ answer: '兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑 [1]。' });
  server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [work] });
  const settings = await callService(server.url, 'Settings', 'Get');
  // Chinese chosen in Settings, as on a Chinese system: the backend's own
  // texts (built-in assistants, lessons) follow it.
  await callService(server.url, 'Settings', 'Update', [{ ...settings, language: 'zh-CN', defaultChatModel: 'scripted' }]);
});
after(async () => {
  await server?.stop();
  await ollama?.close();
  await browser?.close();
});

const nav = (page, section) => page.locator(`nav [data-section="${section}"]`).click();

/** How to reach each view from a freshly loaded page, and what shows it is there. */
const views = {
  'library-first-run': async (page) => {
    await page.getByTestId('dropzone').waitFor();
  },
  library: async (page) => {
    await page.getByTestId('kb-card').first().waitFor();
  },
  'kb-detail': async (page) => {
    await page.getByTestId('kb-card').first().getByRole('button').first().click();
    await page.getByTestId('file-list').locator('li').first().waitFor();
  },
  search: async (page) => {
    await page.getByTestId('open-search').click();
    await page.locator('input[role="combobox"]').fill('兵马俑');
    await page.locator('#search-results li').first().waitFor();
  },
  'chat-sources': async (page) => {
    await nav(page, 'chats');
    await page.locator('.list button.open').first().click();
    await page.locator('[data-answer][data-status="done"] button.cite[data-cite="1"]').first().click();
    await page.getByTestId('source-context').waitFor();
  },
  'chat-inspector': async (page) => {
    await nav(page, 'chats');
    await page.locator('.list button.open').first().click();
    await page.locator('[data-answer][data-status="done"]').first().waitFor();
    await page.getByRole('button', { name: /提示词检查器/ }).first().click();
    await page.getByTestId('inspector').waitFor();
    for (const details of await page.getByTestId('inspector').locator('details').all()) await details.locator('summary').click();
  },
  models: async (page) => {
    await nav(page, 'models');
    await page.getByTestId('catalog').first().waitFor();
    await page.locator('[data-model]').first().waitFor();
    await page.getByRole('button', { name: '查看计算过程' }).first().click();
    await page.getByTestId('fit-details').first().waitFor();
  },
  prompts: async (page) => {
    await nav(page, 'prompts');
    await page.locator('.list button.open').first().click();
    await page.getByTestId('assistant-editor').waitFor();
  },
  'prompts-compare': async (page) => {
    await nav(page, 'prompts');
    await page.getByRole('tab').nth(1).click();
    const compare = page.getByTestId('compare');
    await compare.locator('textarea').first().fill('兵马俑在哪里？');
    for (const column of await compare.locator('[data-column]').all()) await column.locator('input[type="text"]').fill('scripted');
    await compare.locator('button.primary').last().click();
    await compare.getByTestId('output').first().filter({ hasText: '兵马俑' }).waitFor();
  },
  datasets: async (page) => {
    await nav(page, 'datasets');
    await page.locator('.list button.open').first().click();
    await page.getByTestId('records').locator('tbody tr').first().waitFor();
    await page.getByTestId('quality').waitFor();
    for (const details of await page.locator('details.panel').all()) await details.locator('summary').click();
  },
  settings: async (page) => {
    await nav(page, 'settings');
    await page.getByRole('button', { name: '运行检查' }).click();
    await page.getByTestId('doctor-results').waitFor();
  },
};

/** Opens each view in Chinese against url and returns the English found, as "view: words (where: text)". */
async function englishIn(url, viewNames, allowed) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const found = [];
  for (const view of viewNames) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await page.goto(url);
    await views[view](page);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await screenshot(page, `language-zh-CN-${view}`);
    for (const { text, at } of await page.evaluate(visibleTexts)) {
      const words = englishWords(text, allowed);
      if (words.length) found.push(`${view}: ${words.join(' ')} (${at}: ${text.trim().slice(0, 120)})`);
    }
    found.push(...errors.map((e) => `${view}: ${e}`));
    await page.close();
  }
  await context.close();
  return [...new Set(found)];
}

/** The names the backend lists, which stay as they are: models, their families, licences. */
async function modelNames(url) {
  const words = new Set();
  const add = (s) => s && s.split(/[\s,]+/).forEach((w) => words.add(w));
  const [installed, catalog] = await Promise.all([callService(url, 'Models', 'List').catch(() => []), callService(url, 'Models', 'Catalog', [0])]);
  for (const m of installed ?? []) [m.name, m.family, m.parameterSize, m.quantization].forEach(add);
  for (const e of catalog ?? []) [e.name, e.family, e.licence].forEach(add);
  return words;
}

test('every view in Chinese shows no English besides names, paths, units and codes', async () => {
  const found = await englishIn(server.url, ['library-first-run'], new Set([...names, ...units]));

  // A knowledge base with a file Zhiku cannot read, a chat with a cited
  // answer, an assistant and a data set of generated pairs fill the views.
  const folder = makeFolder(work, '旅行笔记', {
    '西安.md': '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。',
    '杭州.txt': '西湖位于杭州市西部，是中国著名的风景名胜区。',
    '照片.heic': 'not a picture Zhiku reads',
  });
  const kb = await callService(server.url, 'Library', 'Create', [{ name: '旅行笔记', sources: [folder] }]);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kb-card').first().getByRole('button').first().click();
  await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();
  await nav(page, 'chats');
  await page.getByTestId('kb-picker').click();
  await page.getByRole('checkbox', { name: kb.name }).check();
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByTestId('chat-input').fill('兵马俑在哪里？');
  await page.keyboard.press('Enter');
  await page.locator('[data-answer][data-status="done"]').waitFor({ timeout: 30_000 });

  ollama.setAnswer(JSON.stringify([{ question: '兵马俑在哪里？', answer: '兵马俑位于西安市临潼区。' }]));
  const dataset = await callService(server.url, 'Datasets', 'Create', ['客服问答']);
  await nav(page, 'datasets');
  await page.locator('.list button.open').first().click();
  await page.locator('details.panel summary').first().click();
  await page.getByLabel('从知识库…').selectOption({ label: kb.name });
  await page.getByRole('button', { name: '生成问答对' }).click();
  await page.getByTestId('records').locator('tbody tr').first().waitFor();
  await context.close();
  ollama.setAnswer('兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑 [1]。');
  const [chat] = await callService(server.url, 'Chats', 'List', ['']);
  await callService(server.url, 'Datasets', 'FromChat', [dataset.id, chat.id]);

  const allowed = new Set([...names, ...units, ...(await modelNames(server.url))]);
  const fullViews = ['library', 'kb-detail', 'search', 'chat-sources', 'chat-inspector', 'prompts', 'prompts-compare', 'datasets', 'settings'];
  found.push(...(await englishIn(server.url, fullViews, allowed)));

  // The models view against a real Ollama with installed models, when the
  // test rig gives one; otherwise against the scripted one.
  if (rigHost) {
    const rig = await startServe({ OLLAMA_HOST: rigHost });
    try {
      const rigSettings = await callService(rig.url, 'Settings', 'Get');
      await callService(rig.url, 'Settings', 'Update', [{ ...rigSettings, language: 'zh-CN' }]);
      found.push(...(await englishIn(rig.url, ['models'], new Set([...allowed, ...(await modelNames(rig.url))]))));
    } finally {
      await rig.stop();
    }
  } else {
    found.push(...(await englishIn(server.url, ['models'], allowed)));
  }
  assert.deepEqual(found, []);
});

test('the word finder tells English from names, paths, units and codes', () => {
  const allowed = new Set([...names, ...units]);
  const cases = [
    ['fits（运行于 cpu）', ['fits', 'cpu']],
    ['待审核 pending · qa', ['pending', 'qa']],
    ['GLM-4 licence', ['licence']],
    ['知库暂不支持读取 extension-less 文件', ['extension-less']],
    ['12.3 GiB free', ['free']],
    ['西安.md · 第 2 页', []],
    ['qwen3:4b · bge-m3 · 1.5 MiB · /home/you/文档', []],
    ['Ollama 0.17.4，地址 http://127.0.0.1:11434', []],
    ['PDF、Word、Markdown', []],
    ['Shift+Enter 换行 · Esc 停止', []],
    ['.zhikuignore', []],
  ];
  for (const [text, want] of cases) assert.deepEqual(englishWords(text, allowed), want, text);
});
