// Knowledge bases in a real browser against a real `zhiku serve`: create one
// from a folder path, watch it index, read each file's status and reason.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startServe } from './harness.mjs';

// The folders the page may make knowledge bases of: zhiku serve lets it
// name only those under --allow-path.
const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-library-'));
let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  // No Ollama: these tests are about reading files, and an Ollama with
  // one embedding model would have every file embedded as well.
  server = await startServe({ OLLAMA_HOST: '127.0.0.1:9' }, { allowPaths: [work] });
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

function makeFolder() {
  const root = join(work, '研究笔记');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, '摘要.md'), '# 摘要\n\n' + '知库把您的文件变成可以搜索的知识。'.repeat(40));
  writeFileSync(join(root, 'sub', 'notes.txt'), 'Meeting notes about retrieval.\n'.repeat(30));
  writeFileSync(join(root, 'figure.xyz'), 'binary-ish');
  writeFileSync(join(root, '.hidden.md'), 'never indexed');
  return root;
}

test('a folder becomes a knowledge base with per-file statuses', async () => {
  const folder = makeFolder();
  const { page, context, errors } = await openPage(browser, server.url);
  await page.getByLabel('Folder path').fill(folder);
  await page.getByRole('button', { name: 'Create and index' }).click();

  const detail = page.getByTestId('kb-detail');
  await detail.getByRole('heading', { name: '研究笔记' }).waitFor();
  const list = page.getByTestId('file-list');
  await list.locator('li').nth(2).waitFor();
  assert.equal(await list.locator('li').count(), 3, 'hidden files are not indexed');
  assert.equal(await list.locator('li[data-status="indexed"]').count(), 2);
  const skipped = list.locator('li[data-status="skipped"]');
  assert.match(await skipped.innerText(), /figure\.xyz[\s\S]*does not read \.xyz files yet/);
  assert.match(await detail.innerText(), /3 files · \d+ chunks/);
  await screenshot(page, 'kb-detail');

  await page.getByRole('button', { name: 'All knowledge bases' }).click();
  const card = page.locator('[data-testid="kb-card"][data-name="研究笔记"]');
  await card.waitFor();
  await screenshot(page, 'kb-list');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the same view in Chinese, and a missing folder explained', async () => {
  const { page, context } = await openPage(browser, server.url, { locale: 'zh-CN' });
  await page.locator('[data-testid="kb-card"][data-name="研究笔记"]').getByRole('button').click();
  await page.getByTestId('file-list').locator('li').first().waitFor();
  const files = await page.getByTestId('file-list').innerText();
  for (const expected of ['已索引', '已跳过', '知库暂不支持读取 .xyz 文件', '个文本块']) {
    assert.ok(files.includes(expected), `the Chinese file list shows ${expected}`);
  }
  await page.getByRole('button', { name: '全部知识库' }).click();

  const missing = join(work, 'no-such-folder');
  await page.getByLabel('文件夹路径').fill(missing);
  await page.getByRole('button', { name: '创建并索引' }).click();
  const problem = page.locator('[data-code="library.source_missing"]');
  await problem.waitFor();
  assert.ok((await problem.innerText()).includes(`无法打开 ${missing}`));
  await screenshot(page, 'kb-missing-folder-zh-CN');

  // A folder outside --allow-path is refused, with what to do, before
  // Zhiku says whether it exists.
  await page.getByLabel('文件夹路径').fill('/etc');
  await page.getByRole('button', { name: '创建并索引' }).click();
  const refused = page.locator('[data-code="system.path_not_allowed"]');
  await refused.waitFor();
  assert.match(await refused.innerText(), /--allow-path/);
  await context.close();
});

test("a knowledge base's own settings re-sync it: excluded files leave the list", async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await page.locator('[data-testid="kb-card"][data-name="研究笔记"]').getByRole('button').click();
  const list = page.getByTestId('file-list');
  await list.locator('li').nth(2).waitFor();
  await page.getByText('Settings of this knowledge base').click();
  await page.getByLabel('Leave out (one pattern per line, as in .zhikuignore)').fill('*.txt');
  await page.getByRole('button', { name: 'Save and re-sync' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-list"] li').length === 2);
  assert.equal(await list.locator('li', { hasText: 'notes.txt' }).count(), 0);
  await screenshot(page, 'kb-settings');
  assert.deepEqual(errors, []);
  await context.close();
});

test('pausing holds indexing across a reload until it is resumed', async () => {
  const root = join(work, '大文件夹');
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < 3000; i++) writeFileSync(join(root, `${i}.md`), `# 第${i}篇\n\n` + '知库把文件变成知识。'.repeat(20));
  const { page, context, errors } = await openPage(browser, server.url);
  await page.getByLabel('Folder path').fill(root);
  await page.getByRole('button', { name: 'Create and index' }).click();
  const detail = page.getByTestId('kb-detail');
  assert.match(await page.getByTestId('indexing-status').innerText(), /Indexing \d+ of \d+ files \(1 knowledge base\)/);
  await detail.getByRole('button', { name: 'Pause' }).click();
  await detail.getByTestId('kb-paused').waitFor();
  await page.reload();
  await page.locator('[data-testid="kb-card"][data-name="大文件夹"]').getByTestId('kb-paused').waitFor();
  await screenshot(page, 'kb-paused');
  const stats = await page.locator('[data-testid="kb-card"][data-name="大文件夹"]').innerText();
  const indexed = Number(/(\d+) files/.exec(stats)?.[1] ?? 'NaN');
  assert.ok(indexed < 3000, `paused before the end (${indexed} files)`);

  await page.locator('[data-testid="kb-card"][data-name="大文件夹"]').getByRole('button').first().click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByText('3000 files ·').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('kb-paused').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('files show in the list, with the counts, as they finish, before the folder is done', async () => {
  const root = join(work, '课程资料');
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < 3000; i++) writeFileSync(join(root, `${String(i).padStart(4, '0')}.md`), `# 第${i}课\n\n` + '知库把文件变成知识。'.repeat(20));
  const { page, context, errors } = await openPage(browser, server.url);
  // The page itself notes the first moment rows are listed, and whether
  // the progress line still said indexing then: no polling to miss it.
  // Before, the list stayed empty until the end, when the progress line
  // is gone, so this never held.
  await page.evaluate(() => {
    window.firstRows = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const view = document.querySelector('[data-testid="kb-detail"]');
        const rows = view?.querySelectorAll('[data-testid="file-list"] li').length ?? 0;
        if (rows === 0 || !view.querySelector('[role="status"][data-phase="indexing"]')) return;
        observer.disconnect();
        resolve({ rows, stats: view.querySelector('.stats')?.textContent ?? '' });
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  });
  await page.getByLabel('Folder path').fill(root);
  await page.getByRole('button', { name: 'Create and index' }).click();
  const detail = page.getByTestId('kb-detail');
  await detail.getByRole('heading', { name: '课程资料' }).waitFor();
  const { rows, stats } = await page.evaluate(() => window.firstRows);
  assert.ok(rows > 0 && rows < 3000, `${rows} files listed while indexing`);
  const counted = Number(/(\d+) files?/.exec(stats)?.[1] ?? 'NaN');
  assert.ok(counted > 0 && counted < 3000, `the counts follow: "${stats}"`);
  await screenshot(page, 'kb-files-as-they-finish');
  await detail.getByText('Up to date').waitFor({ timeout: 120_000 });
  assert.equal(await detail.getByTestId('file-list').locator('li[data-status="indexed"]').count(), 3000);
  assert.deepEqual(errors, []);
  await context.close();
});
