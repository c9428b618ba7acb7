// Search in a real browser against a real `zhiku serve`: Ctrl+K from
// anywhere, results as you type with highlights, scope, keyboard choice,
// and a file opened with the command set in ZHIKU_OPEN_WITH.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, screenshot, startServe } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-search-'));
const openedLog = join(work, 'opened.log');
const recorder = join(work, 'record-open');
writeFileSync(recorder, `#!/bin/sh\necho "$@" >> '${openedLog}'\n`);
chmodSync(recorder, 0o755);

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServe({ OLLAMA_HOST: '127.0.0.1:9', ZHIKU_OPEN_WITH: recorder }, { allowPaths: [work] });
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

async function createKB(page, folder) {
  await page.getByLabel('Folder path').fill(folder);
  await page.getByRole('button', { name: 'Create and index' }).click();
  await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();
  await page.getByRole('button', { name: 'All knowledge bases' }).click();
}

async function waitForOpened(line) {
  for (let i = 0; i < 100; i++) {
    if (existsSync(openedLog) && readFileSync(openedLog, 'utf8').includes(line)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the opener never saw ${line}`);
}

test('Ctrl+K finds Chinese text as you type and opens the file', async () => {
  const travel = makeFolder(work, '旅行', {
    '西安.md': '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。',
    '杭州.txt': '西湖位于杭州市西部，是中国著名的风景名胜区。',
  });
  const work2 = makeFolder(work, '工作', { 'plan.md': '# Plan\n\nShip the retrieval engine before the chat.' });
  const { page, context, errors } = await openPage(browser, server.url);
  await createKB(page, travel);
  await createKB(page, work2);

  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search your knowledge bases' });
  await box.waitFor();
  await box.pressSequentially('兵马俑在哪', { delay: 30 });
  const hits = page.getByTestId('search-hit');
  await hits.first().waitFor();
  assert.match(await hits.first().innerText(), /西安\.md[\s\S]*兵马俑/);
  assert.equal(await hits.first().locator('mark').first().innerText(), '兵马俑');
  assert.match(await page.getByTestId('search-status').innerText(), /1 found · Keywords · \d+ ms/);
  await page.locator('[data-code="search.no_vectors"]').waitFor();
  await screenshot(page, 'search-palette');

  await page.keyboard.press('Enter');
  await waitForOpened(join(travel, '西安.md'));

  // Scope: the English plan is found in all, and not in 旅行.
  await box.fill('retrieval engine');
  await hits.first().filter({ hasText: 'plan.md' }).waitFor();
  await page.getByLabel('Search in').selectOption({ label: '旅行' });
  await page.getByText('Nothing found for “retrieval engine”').waitFor();
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the palette in Chinese, opened from a knowledge base, reveals in the folder', async () => {
  const { page, context, errors } = await openPage(browser, server.url, { locale: 'zh-CN' });
  await page.locator('[data-testid="kb-card"][data-name="旅行"]').getByRole('button').click();
  await page.getByTestId('kb-search').click();
  const box = page.getByRole('combobox', { name: '搜索知识库' });
  await box.fill('西湖');
  const hits = page.getByTestId('search-hit');
  await hits.first().waitFor();
  assert.equal(await hits.count(), 1, 'a lone shared character (西) is no match');
  assert.match(await page.getByTestId('search-status').innerText(), /1 条结果 · 关键词/);
  await screenshot(page, 'search-palette-zh-CN');
  await page.keyboard.press('Shift+Enter');
  await waitForOpened(join(work, '旅行') + '\n');

  // Filters: by file type and by path.
  await page.getByLabel('类型').selectOption('md');
  await page.getByText('没有找到与“西湖”相关的内容').waitFor();
  await page.getByLabel('类型').selectOption('txt');
  await hits.first().filter({ hasText: '杭州.txt' }).waitFor();
  await page.getByLabel('路径包含…').fill('西安');
  await page.getByText('没有找到与“西湖”相关的内容').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('search settings are saved and used', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await page.keyboard.press('Control+,');
  const form = page.getByTestId('retrieval-form');
  await form.getByLabel('Method').selectOption('keyword');
  await form.getByLabel('Neighbouring chunks given with each passage').fill('2');
  await form.getByRole('button', { name: 'Save search settings' }).click();
  await form.getByText('Saved').waitFor();
  await page.reload();
  await page.getByTestId('open-search').waitFor();
  await page.keyboard.press('Control+,');
  assert.equal(await form.getByLabel('Method').inputValue(), 'keyword');
  assert.equal(await form.getByLabel('Neighbouring chunks given with each passage').inputValue(), '2');
  await form.getByLabel('Keyword weight').fill('0');
  await form.getByLabel('Vector weight').fill('0');
  await form.getByRole('button', { name: 'Save search settings' }).click();
  await page.locator('[data-code="settings.invalid"]').waitFor();
  await screenshot(page, 'settings-search');
  // The refusal is the API's 422, which the browser logs; nothing else.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
  await context.close();
});
