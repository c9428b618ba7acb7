// The whole first run, as a person who has never heard of Ollama or
// embeddings would walk it, following only what the window says: a fresh
// data folder, an Ollama without models, the one-step download of the two
// models that fit (the rig's tiny models, served from its registry, stand
// in for the catalogue's), a folder, a search and a first cited answer,
// without opening Settings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, screenshot, startServe } from './harness.mjs';
import { callService } from './scripted-ollama.mjs';

const ollamaBin = process.env.ZHIKU_TEST_OLLAMA_BIN;
const registry = process.env.ZHIKU_TEST_REGISTRY;
const ggufDir = process.env.ZHIKU_TEST_GGUF_DIR;
const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-firstrun-'));

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Starts the rig's Ollama build with an empty models folder, as after installing it. */
async function startEmptyOllama() {
  const home = join(work, 'ollama-home');
  mkdirSync(home, { recursive: true });
  const child = spawn(ollamaBin, ['serve'], {
    env: { ...process.env, HOME: home, OLLAMA_MODELS: join(home, 'models'), OLLAMA_HOST: '127.0.0.1:0', OLLAMA_NOPRUNE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const host = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ollama serve named no address in 30 s:\n${log}`)), 30_000);
    const onData = (d) => {
      log += d;
      const match = /Listening on (127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`ollama serve exited with ${code}:\n${log}`)));
  });
  return {
    host,
    stop() {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** A catalogue naming the rig's tiny models, as the data folder's catalog.json overrides the built-in one. */
function tinyCatalogue() {
  const entry = (name, kind) => ({
    name: `${registry}/library/${name}:latest`,
    family: 'Tiny',
    kind,
    parameters: 1_000_000,
    quantization: 'F16',
    sizeBytes: statSync(join(ggufDir, `${name}.gguf`)).size,
    layers: 2,
    embedding: 64,
    heads: 2,
    kvHeads: 2,
    vocabulary: 512,
    context: 4096,
    languages: ['zh', 'en'],
    licence: 'MIT',
    chineseFirst: true,
    notes: { en: 'A tiny test model.', 'zh-CN': '测试用的极小模型。' },
  });
  return { version: 1, updated: '2026-12-01', models: [entry('zhiku-tiny-chat', 'chat'), entry('zhiku-tiny-embed', 'embedding')] };
}

test('from a first start to a first cited answer, following only the window', { skip: !(ollamaBin && registry && ggufDir) && 'needs the Ollama test rig (make test-rig)' }, async () => {
  const ollama = await startEmptyOllama();
  const dataDir = join(work, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'catalog.json'), JSON.stringify(tinyCatalogue()));
  const folder = makeFolder(work, '旅行笔记', {
    '西安.md': '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。',
    '杭州.txt': '西湖位于杭州市西部，是中国著名的风景名胜区。',
  });
  const server = await startServe({ OLLAMA_HOST: ollama.host, ZHIKU_DATA_DIR: dataDir }, { allowPaths: [work] });
  const chatModel = `${registry}/library/zhiku-tiny-chat:latest`;
  const embedModel = `${registry}/library/zhiku-tiny-embed:latest`;
  try {
    const { page, errors } = await openPage(browser, server.url);

    // Ollama runs without models: the window offers the two that fit.
    const starter = page.getByTestId('starter');
    await starter.getByText(chatModel).waitFor();
    await starter.getByText(embedModel).waitFor();
    await screenshot(page, 'firstrun-1-models-offered');
    await starter.getByRole('button', { name: /^Download both/ }).click();
    await page
      .locator('[data-testid="starter"][data-state="done"]')
      .waitFor({ timeout: 120_000 })
      .catch(async (err) => {
        await screenshot(page, 'firstrun-failed');
        throw new Error(`the two models did not arrive: ${await starter.innerText()}\n${err.message}`);
      });
    assert.match(await starter.innerText(), /Both are now the defaults/);
    await screenshot(page, 'firstrun-2-models-ready');

    // A folder becomes a knowledge base.
    await page.getByLabel('Folder path').fill(folder);
    await page.getByRole('button', { name: 'Create and index' }).click();
    await page.getByTestId('file-list').locator('li[data-status="indexed"]').nth(1).waitFor({ timeout: 60_000 });
    await screenshot(page, 'firstrun-3-indexed');

    // Search finds the passage.
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search your knowledge bases' }).fill('兵马俑');
    await page.getByTestId('search-hit').filter({ hasText: '西安.md' }).first().waitFor();
    await screenshot(page, 'firstrun-4-search');
    await page.keyboard.press('Escape');

    // A new chat answers from the knowledge base without being told to.
    await page.locator('nav [data-section="chats"]').click();
    assert.match(await page.getByTestId('kb-picker').innerText(), /旅行笔记/);
    assert.equal(await page.getByTestId('chat-setup').count(), 0, 'nothing is left to set up');
    await page.getByTestId('chat-input').fill('兵马俑在哪里？');
    await page.keyboard.press('Enter');
    const answer = page.locator('[data-answer][data-status="done"]');
    await answer.first().waitFor({ timeout: 120_000 });

    // The answer's passages are there, and a click shows the one cited.
    await page.getByRole('button', { name: /^Prompt inspector/ }).first().click();
    await page.getByRole('tab', { name: 'Sources' }).click();
    await page.getByTestId('source-panel').getByRole('button', { name: /西安\.md/ }).click();
    assert.match(await page.getByTestId('source-context').locator('mark').innerText(), /兵马俑位于西安市临潼区/);
    await screenshot(page, 'firstrun-5-answer');

    // Settings was never opened, and holds the two models as defaults.
    const settings = await callService(server.url, 'Settings', 'Get');
    assert.equal(settings.defaultChatModel, chatModel);
    assert.equal(settings.defaultEmbedModel, embedModel);
    const [chat] = await callService(server.url, 'Chats', 'List', ['']);
    assert.equal(chat.kbIds.length, 1, 'the chat answers from the knowledge base');
    const stored = await callService(server.url, 'Chats', 'Get', [chat.id]);
    assert.equal(stored.turns[0].answers[0].model, chatModel);
    assert.ok(stored.turns[0].answers[0].sources.length > 0, 'the answer has sources');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    ollama.stop();
  }
});
