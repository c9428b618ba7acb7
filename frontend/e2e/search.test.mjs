// Search in a real browser against a real `zhiku serve`: Ctrl+K from
// anywhere, results as you type with highlights, scope, keyboard choice,
// a long list loaded as it scrolls under its real count, and a file
// opened with the command set in ZHIKU_OPEN_WITH, said beside the result.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  await page.locator('details[data-code="search.no_vectors"]').waitFor();
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

/** n notes that all mention 熊猫 and otherwise share little, so none folds into another. */
function pandaNotes(n) {
  let seed = 7;
  const filler = () =>
    Array.from({ length: 40 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String.fromCharCode(0x4e00 + (seed % 0x5000));
    }).join('');
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`熊猫${i + 1}.md`, `# 笔记 ${i + 1}\n\n${filler()}熊猫${filler()}`]));
}

test('a long list loads as it scrolls, under its real count, and Enter says what it opened', async () => {
  const notes = makeFolder(work, '笔记', pandaNotes(35));
  const { page, context, errors } = await openPage(browser, server.url);
  await page.getByLabel('Folder path').fill(notes);
  await page.getByRole('button', { name: 'Create and index' }).click();
  await page.getByTestId('file-list').locator('li[data-status="indexed"]').nth(34).waitFor();
  await page.getByRole('button', { name: 'All knowledge bases' }).click();

  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search your knowledge bases' });
  await box.fill('熊猫');
  const hits = page.getByTestId('search-hit');
  await hits.nth(9).waitFor();
  assert.equal(await hits.count(), 10, 'the first page');
  assert.match(await page.getByTestId('search-status').innerText(), /^35 found · Keywords · \d+ ms/);

  // The results take the room: at 1280×800 and at 1024×640, under the
  // filters and the one-line warning, inside the window.
  const results = page.locator('.results');
  for (const [width, height, least] of [
    [1280, 800, 520],
    [1024, 640, 380],
  ]) {
    await page.setViewportSize({ width, height });
    const area = await results.boundingBox();
    assert.ok(area.height >= least, `the results are ${area.height} px tall at ${width}×${height}, want ${least} or more`);
    const palette = await page.getByRole('dialog', { name: 'Search your knowledge bases' }).boundingBox();
    assert.ok(palette.y >= 0 && palette.y + palette.height <= height, `the palette overflows the window at ${width}×${height}`);
    await screenshot(page, `search-palette-${width}x${height}`);
  }
  await page.locator('details[data-code="search.no_vectors"]').waitFor();

  // Scrolling to the end loads the next ten, and again, each result once.
  for (const shown of [20, 30, 35]) {
    await results.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await hits.nth(shown - 1).waitFor();
  }
  await results.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.waitForTimeout(300);
  assert.equal(await hits.count(), 35, 'nothing past the end');
  const names = await hits.locator('.name').allInnerTexts();
  assert.equal(new Set(names).size, 35, 'no result twice');
  assert.equal(await page.getByTestId('search-list-end').innerText(), '', 'every passage found is listed');

  // Enter says beside the result what it opened, or why it could not.
  await results.evaluate((el) => (el.scrollTop = 0));
  await box.focus();
  const first = await hits.first().locator('.name').innerText();
  await page.keyboard.press('Enter');
  await waitForOpened(join(notes, first));
  assert.equal(await hits.first().getByTestId('search-hit-feedback').innerText(), `Opened ${first}.`);

  await page.keyboard.press('ArrowDown');
  const second = await hits.nth(1).locator('.name').innerText();
  rmSync(join(notes, second));
  await page.keyboard.press('Enter');
  await hits.nth(1).getByTestId('search-hit-feedback').locator('[data-code="search.file_gone"]').waitFor();
  assert.equal(await hits.first().getByTestId('search-hit-feedback').count(), 0, 'only the latest result says what came of it');
  await screenshot(page, 'search-palette-opened');
  // The refusal is the API's 422, which the browser logs; nothing else.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
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
