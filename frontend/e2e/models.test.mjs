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

    // The catalogue marks one chat, one embedding and one reranker model
    // for this machine.
    const catalogue = page.getByTestId('catalog');
    await catalogue.first().locator('li').first().waitFor();
    assert.equal(await page.locator('li.recommended').count(), 3);

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

/** A Hugging Face stand-in serving one repository's files, with Range. */
async function startHub(files) {
  const { createServer } = await import('node:http');
  const { createHash } = await import('node:crypto');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/models/zhiku/tiny-GGUF/tree/main') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(Object.entries(files).map(([path, data]) => ({
        type: 'file', path, size: data.length, lfs: { oid: createHash('sha256').update(data).digest('hex'), size: data.length },
      }))));
      return;
    }
    const m = /^\/zhiku\/tiny-GGUF\/resolve\/main\/(.+)$/.exec(url.pathname);
    const data = m && files[decodeURIComponent(m[1])];
    if (!data) {
      res.statusCode = 404;
      res.end('Entry not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    res.statusCode = range ? 206 : 200;
    if (range) res.setHeader('Content-Range', `bytes ${start}-${data.length - 1}/${data.length}`);
    res.end(data.subarray(start));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

const rigHost = process.env.ZHIKU_TEST_OLLAMA_HOST;
const ggufDir = process.env.ZHIKU_TEST_GGUF_DIR;

test('a GGUF from a hub is downloaded and imported into Ollama', { skip: !rigHost && 'needs the Ollama test rig (make test-rig)' }, async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const hub = await startHub({
    'tiny-F32.gguf': readFileSync(join(ggufDir, 'zhiku-tiny-chat.gguf')),
    'README.md': Buffer.from('# tiny'),
  });
  const server = await startServe({ OLLAMA_HOST: rigHost });
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.locator('nav [data-section="models"]').click();
    const form = page.getByTestId('hub-form');
    await form.getByLabel('Hub', { exact: true }).selectOption('custom');
    await form.getByLabel('Hub address').fill(hub.url);
    await form.getByLabel('Repository (owner/name)').fill('zhiku/tiny-GGUF');
    await form.getByRole('button', { name: 'List files' }).click();
    const gguf = page.getByTestId('hub-files').locator('li', { hasText: 'tiny-F32.gguf' });
    await gguf.getByText('F32', { exact: true }).waitFor();
    await gguf.getByRole('button', { name: 'Download' }).click();
    const download = page.locator('[data-testid="download"][data-file="tiny-F32.gguf"]');
    await download.getByText(/Saved: .*tiny-F32\.gguf/).waitFor({ timeout: 20_000 });
    await download.getByLabel('Name in Ollama').fill('zhiku-hub-e2e');
    await download.getByRole('button', { name: 'Import into Ollama' }).click();
    await page.locator('li[data-model="zhiku-hub-e2e:latest"]').waitFor({ timeout: 20_000 });
    await screenshot(page, 'models-hub');
    page.once('dialog', (d) => d.accept());
    await page.locator('li[data-model="zhiku-hub-e2e:latest"]').getByRole('button', { name: 'Delete' }).click();
    await page.locator('li[data-model="zhiku-hub-e2e:latest"]').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await hub.close();
  }
});
