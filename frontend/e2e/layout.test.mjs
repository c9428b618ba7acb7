// Every view at every window size a person may have, from 1024×640 to 4K
// and at 200% zoom, in both languages and both themes: nothing sticks out of
// its container or the window, no text is cut to a few characters, no control
// covers another, and axe-core finds no serious or critical accessibility
// problem. Screenshots of every view land in test-artifacts/screens.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser, makeFolder, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';
import { layoutProblems } from './layout-check.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screensDir = join(artifactsDir, '..', 'screens');
mkdirSync(screensDir, { recursive: true });

/** Window sizes in CSS pixels; zoom 2 is a 1920×1080 screen at 200%. */
const sizes = [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 960, height: 540, zoom: 2 },
];
const screenshotSizes = new Set(['1024x640', '1920x1080']);
const languages = [
  { lang: 'en', locale: 'en-US' },
  { lang: 'zh-CN', locale: 'zh-CN' },
];

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-layout-'));
let browser;
let ollama;
let server;
before(async () => {
  browser = await launchBrowser();
  ollama = await startScriptedOllama({
    answer:
      '兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑 [1]。The Terracotta Army stands in battle formation, thousands of soldiers each with a face of its own, ' +
      'discovered by farmers digging a well in 1974 [1].',
  });
  server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [work] });
  const settings = await callService(server.url, 'Settings', 'Get');
  await callService(server.url, 'Settings', 'Update', [{ ...settings, defaultChatModel: 'scripted' }]);
});
after(async () => {
  await server?.stop();
  await ollama?.close();
  await browser?.close();
});

const sizeName = ({ width, height, zoom = 1 }) => (zoom === 1 ? `${width}x${height}` : `${width * zoom}x${height * zoom}@${zoom * 100}%`);

async function settle(page) {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const nav = (page, section) => page.locator(`nav [data-section="${section}"]`).click();

/** How to reach each view from a freshly loaded page, and what shows it is there. */
const views = {
  'library-first-run': async (page) => {
    await page.getByTestId('dropzone').locator('form button[type="submit"]').waitFor();
  },
  library: async (page) => {
    await page.getByTestId('kb-card').first().waitFor();
  },
  'kb-detail': async (page) => {
    await page.getByTestId('kb-card').first().getByRole('button').first().click();
    await page.getByTestId('file-list').locator('li').first().waitFor();
  },
  chat: async (page) => {
    await nav(page, 'chats');
    await page.locator('.list button.open').first().click();
    await page.locator('[data-answer][data-status="done"] button.cite[data-cite="1"]').first().click();
    await page.getByTestId('source-context').waitFor();
  },
  search: async (page) => {
    await page.getByTestId('open-search').click();
    await page.locator('input[role="combobox"]').fill('兵马俑');
    await page.locator('#search-results li').first().waitFor();
  },
  models: async (page) => {
    await nav(page, 'models');
    await page.getByTestId('catalog').first().waitFor();
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
  },
  settings: async (page) => {
    await nav(page, 'settings');
    await page.getByRole('button', { name: /^(Run checks|运行检查)$/ }).click();
    await page.getByTestId('doctor-results').waitFor();
  },
};

async function openView(context, view) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(server.url);
  await views[view](page);
  await settle(page);
  return { page, errors };
}

/** Runs axe-core on the page; returns its serious and critical findings. */
async function axeFindings(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
  });
}

/**
 * Visits each view in one language: at each size, what overflows (with
 * screenshots on the way); at 1280×800, what axe finds in either theme.
 */
async function checkViews(lang, locale, viewNames) {
  const found = [];
  for (const zoom of [1, 2]) {
    const atZoom = sizes.filter((s) => (s.zoom ?? 1) === zoom);
    // The page's policy forbids inline scripts, rightly; axe is injected past it.
    const context = await browser.newContext({ locale, viewport: atZoom[0], deviceScaleFactor: zoom, bypassCSP: true });
    for (const view of viewNames) {
      const { page, errors } = await openView(context, view);
      for (const size of atZoom) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await settle(page);
        const name = sizeName(size);
        for (const problem of await page.evaluate(layoutProblems)) found.push(`${lang} ${name} ${view}: ${problem}`);
        if (screenshotSizes.has(name)) await page.screenshot({ path: join(screensDir, `${lang}-${name}-${view}.png`) });
      }
      if (zoom === 1) {
        await page.setViewportSize({ width: 1280, height: 800 });
        for (const colorScheme of ['light', 'dark']) {
          // The theme follows the system's until chosen in Settings.
          await page.emulateMedia({ colorScheme });
          await settle(page);
          found.push(...(await axeFindings(page)).map((v) => `${lang} ${colorScheme} ${view}: ${v}`));
        }
      }
      found.push(...errors.map((e) => `${lang} ${view}: ${e}`));
      await page.close();
    }
    await context.close();
  }
  return found;
}

const firstRunViews = ['library-first-run'];
const fullViews = ['library', 'kb-detail', 'chat', 'search', 'models', 'prompts', 'prompts-compare', 'datasets', 'settings'];

test('first run: the create-folder form is in view, whole, at every size', async () => {
  const found = [];
  for (const { lang, locale } of languages) found.push(...(await checkViews(lang, locale, firstRunViews)));
  for (const { lang, locale } of languages) {
    const context = await browser.newContext({ locale, viewport: { width: 1024, height: 640 } });
    const { page } = await openView(context, 'library-first-run');
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await settle(page);
      const submit = await page.getByTestId('dropzone').locator('form button[type="submit"]').boundingBox();
      if (submit.y + submit.height > size.height) found.push(`${lang} ${sizeName(size)}: the create button is below the fold (${Math.round(submit.y + submit.height)} > ${size.height})`);
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

test('every view fits, and passes axe, in both languages and themes', async () => {
  // A knowledge base, a chat with a cited answer and a data set fill the views.
  const folder = makeFolder(work, '旅行笔记', {
    '西安.md': '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。' + '兵马俑是世界文化遗产。'.repeat(20),
    '杭州.txt': '西湖位于杭州市西部，是中国著名的风景名胜区。'.repeat(10),
    'a-rather-long-file-name-that-keeps-going-and-going-for-the-layout-to-cope-with.md': '# Notes\n\n兵马俑 notes.',
  });
  const kb = await callService(server.url, 'Library', 'Create', [{ name: '旅行笔记', sources: [folder] }]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kb-card').first().getByRole('button').first().click();
  await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();
  await nav(page, 'chats');
  await page.getByTestId('kb-picker').click();
  await page.getByRole('checkbox', { name: kb.name }).check();
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByTestId('chat-input').fill('兵马俑在哪里？What does the Terracotta Army look like, and who found it?');
  await page.keyboard.press('Enter');
  await page.locator('[data-answer][data-status="done"]').waitFor({ timeout: 30_000 });
  await context.close();
  const [chat] = await callService(server.url, 'Chats', 'List', ['']);
  const dataset = await callService(server.url, 'Datasets', 'Create', ['客服问答']);
  await callService(server.url, 'Datasets', 'FromChat', [dataset.id, chat.id]);

  const found = [];
  for (const { lang, locale } of languages) found.push(...(await checkViews(lang, locale, fullViews)));
  assert.deepEqual(found, []);
});
