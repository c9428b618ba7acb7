// The foundation's flows in a real browser against a real `zhiku serve`:
// the shell renders, the Ollama status is told truthfully, and language and
// theme switch, persist and reach every open tab.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startServe } from './harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('with no Ollama reachable', () => {
  let server;
  before(async () => {
    // Port 9 (discard) is closed on loopback: Ollama is "absent" or "stopped".
    server = await startServe({ OLLAMA_HOST: '127.0.0.1:9' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0, 'zhiku serve exits cleanly on SIGTERM');
  });

  test('the shell renders and says Ollama is not reachable, with help', async () => {
    const { page, context, errors } = await openPage(browser, server.url);
    const status = page.getByTestId('ollama-status');
    await assert.doesNotReject(status.and(page.locator('[data-state="absent"], [data-state="stopped"]')).waitFor());
    assert.match(await status.innerText(), /Ollama (not found|not running)/);
    assert.match(await status.innerText(), /127\.0\.0\.1:9/);

    await status.click();
    const popover = page.getByRole('dialog', { name: 'Ollama status and help' });
    await popover.waitFor();
    assert.match(await popover.innerText(), /not reachable at http:\/\/127\.0\.0\.1:9/);
    await screenshot(page, 'ollama-absent-popover');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });

    for (const name of ['Knowledge bases', 'Chats', 'Models', 'Prompts', 'Datasets', 'Settings']) {
      assert.ok(await page.getByRole('button', { name }).isVisible(), `sidebar has ${name}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('language switches to Chinese, persists, and reaches another open tab', async () => {
    const first = await openPage(browser, server.url);
    const second = await openPage(browser, server.url);
    await first.page.keyboard.press('Control+Comma');
    await first.page.getByRole('heading', { name: 'Settings' }).waitFor();

    await first.page.getByLabel('Language').selectOption('zh-CN');
    await first.page.getByRole('heading', { name: '设置' }).waitFor();
    assert.equal(await first.page.locator('html').getAttribute('lang'), 'zh-CN');
    // The other tab follows through the event stream, without reloading.
    await second.page.getByRole('button', { name: '知识库' }).waitFor();
    await screenshot(first.page, 'settings-zh-CN');

    const saved = JSON.parse(readFileSync(join(server.dataDir, 'settings.json'), 'utf8'));
    assert.equal(saved.language, 'zh-CN');

    await first.page.reload();
    await first.page.getByRole('button', { name: '对话' }).waitFor();

    // Back to following the system language for the tests that follow.
    await first.page.keyboard.press('Control+Comma');
    await first.page.getByLabel('语言').selectOption('system');
    await first.page.getByRole('heading', { name: 'Settings' }).waitFor();
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.context.close();
    await second.context.close();
  });

  test('theme switches to dark and back, and persists across reloads', async () => {
    const { page, context, errors } = await openPage(browser, server.url, { colorScheme: 'light' });
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    await page.keyboard.press('Control+Comma');
    await page.getByText('Dark', { exact: true }).click();
    await page.locator('html[data-theme="dark"]').waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(21, 24, 29)');
    await screenshot(page, 'settings-dark');

    await page.reload();
    await page.locator('html[data-theme="dark"]').waitFor();
    await page.keyboard.press('Control+Comma');
    await page.getByText('Same as the system', { exact: true }).click();
    await page.locator('html[data-theme="light"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an invalid Ollama address is refused with a message, and nothing is saved', async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.keyboard.press('Control+Comma');
    const field = page.getByLabel('Ollama address');
    await field.fill('http://127.0.0.1:99999');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.locator('[data-code="settings.invalid_ollama_host"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not a valid Ollama address/);
    const saved = JSON.parse(readFileSync(join(server.dataDir, 'settings.json'), 'utf8'));
    assert.equal(saved.ollamaHost, '');
    await screenshot(page, 'settings-invalid-host');
    await context.close();
  });

  test('a browser in Chinese gets the Chinese UI on first start', async () => {
    const { page, context } = await openPage(browser, server.url, { locale: 'zh-CN' });
    await page.getByRole('heading', { name: '欢迎使用知库' }).waitFor();
    await screenshot(page, 'welcome-zh-CN');
    await context.close();
  });
});

describe('bad input at start-up', () => {
  test('a damaged settings file is kept aside and the person is told where', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zhiku-e2e-damaged-'));
    writeFileSync(join(dataDir, 'settings.json'), '{"language": "zh-');
    const server = await startServe({ ZHIKU_DATA_DIR: dataDir, OLLAMA_HOST: '127.0.0.1:9' });
    try {
      const { page, context, errors } = await openPage(browser, server.url);
      const notice = page.locator('[data-code="settings.reset"]');
      await notice.waitFor();
      const backup = readdirSync(dataDir).find((f) => f.startsWith('settings.json.damaged-'));
      assert.ok(backup, 'the damaged file is kept');
      assert.match(await notice.innerText(), new RegExp(backup.replace(/\./g, '\\.')));
      await screenshot(page, 'notice-settings-reset');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await notice.waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.stop();
    }
  });

  test('an Ollama answering with errors is shown as an error, with the reason', async () => {
    const broken = createServer((_, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"error":"llama runner process has terminated"}');
    });
    await new Promise((r) => broken.listen(0, '127.0.0.1', r));
    const server = await startServe({ OLLAMA_HOST: `127.0.0.1:${broken.address().port}` });
    try {
      const { page, context } = await openPage(browser, server.url);
      const status = page.getByTestId('ollama-status');
      await status.and(page.locator('[data-state="error"]')).waitFor();
      assert.match(await status.innerText(), /Ollama error/);
      await status.click();
      const popover = page.getByRole('dialog', { name: 'Ollama status and help' });
      assert.match(await popover.innerText(), /Ollama answered with an error \(500\): llama runner process has terminated/);
      await context.close();
    } finally {
      await server.stop();
      broken.close();
    }
  });
});
