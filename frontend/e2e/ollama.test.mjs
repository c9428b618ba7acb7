// Flows against the real Ollama test server (make test-rig sets
// ZHIKU_TEST_OLLAMA_HOST): the status bar tells the truth about a running
// server, and pointing Settings at it brings the status up live.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startServe } from './harness.mjs';

const rigHost = process.env.ZHIKU_TEST_OLLAMA_HOST;

describe('with the Ollama test server', { skip: rigHost ? false : 'ZHIKU_TEST_OLLAMA_HOST is unset: run through make test-rig' }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the status bar shows the running server, its version and models', async () => {
    const server = await startServe({ OLLAMA_HOST: rigHost });
    try {
      const { page, context, errors } = await openPage(browser, server.url);
      const status = page.getByTestId('ollama-status');
      await status.and(page.locator('[data-state="running"]')).waitFor();
      assert.match(await status.innerText(), /Ollama 0\.17\.4/);
      const welcome = page.locator('.ollama-help');
      assert.match(await welcome.innerText(), /Ollama 0\.17\.4 is running at http:\/\/127\.0\.0\.1:\d+ with 3 models installed/);
      await screenshot(page, 'ollama-running');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.stop();
    }
  });

  test('setting the address in Settings finds the server without a restart', async () => {
    const server = await startServe({ OLLAMA_HOST: '127.0.0.1:9' });
    try {
      const { page, context } = await openPage(browser, server.url, { locale: 'zh-CN' });
      const status = page.getByTestId('ollama-status');
      await status.and(page.locator('[data-state="absent"], [data-state="stopped"]')).waitFor();
      await page.keyboard.press('Control+Comma');
      await page.getByLabel('Ollama 地址').fill(rigHost);
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await status.and(page.locator('[data-state="running"]')).waitFor();
      assert.match(await status.innerText(), /Ollama 0\.17\.4/);
      await screenshot(page, 'settings-ollama-found-zh-CN');
      await context.close();
    } finally {
      await server.stop();
    }
  });
});
