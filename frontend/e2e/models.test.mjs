// The Models view in a real browser against a real `zhiku serve` and a
// scripted Ollama: this machine's memory, installed models with their
// estimate, the catalogue with a recommendation, and a pull with progress
// that ends installed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startServe } from './harness.mjs';
import { startScriptedOllama } from './scripted-ollama.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('models: machine, installed, catalogue and a pull', async () => {
  const ollama = await startScriptedOllama({ pullable: ['qwen3:0.6b'] });
  const server = await startServe({ OLLAMA_HOST: ollama.host });
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.locator('nav [data-section="models"]').click();
    assert.match(await page.getByTestId('machine').innerText(), /RAM, \d+ CPU cores/);

    // The scripted model is installed; its estimate shows the arithmetic.
    const installed = page.locator('li[data-model="scripted"]');
    await installed.waitFor();
    await installed.getByRole('button', { name: 'Memory needed' }).click();
    assert.match(await installed.getByTestId('fit-details').innerText(), /KV cache\s+2.0 MiB\s+2 × 2 layers × 4096 tokens × 64 \(64 × 4\/4\) × 2 bytes/);

    // The catalogue marks one chat and one embedding model for this machine.
    const catalogue = page.getByTestId('catalog');
    await catalogue.first().locator('li').first().waitFor();
    assert.equal(await page.locator('li.recommended').count(), 2);

    // Pulling a catalogue model shows progress and ends installed.
    await page.locator('li[data-model="qwen3:0.6b"]').getByRole('button', { name: 'Pull' }).click();
    await page.locator('[data-testid="pull-progress"][data-model="qwen3:0.6b"] progress').waitFor();
    await page.getByText('qwen3:0.6b is ready.').waitFor({ timeout: 15_000 });
    await page.locator('li[data-model="qwen3:0.6b"]').getByText('Installed', { exact: true }).waitFor();
    await screenshot(page, 'models');

    // A name that does not exist fails with Ollama's reason.
    await page.getByLabel('Model name in the Ollama library').fill('no-such-model');
    await page.getByRole('button', { name: 'Pull', exact: true }).first().click();
    await page.locator('[data-code="ollama.pull_failed"]').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
