// Data sets in a real browser against `zhiku serve` and a scripted Ollama
// that writes question–answer pairs: generation from a knowledge base with
// progress, the flag on an answer its chunk does not support, review, the
// quality report, and an export with dataset_info.json.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, screenshot, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-datasets-'));
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('generate, review and export a data set', async () => {
  const pairs = [
    { question: 'How long is the warranty?', answer: 'The warranty lasts two years from purchase.' },
    { question: 'Is water damage covered?', answer: 'Yes, accidental water damage is covered worldwide.' },
  ];
  const ollama = await startScriptedOllama({ answer: JSON.stringify(pairs) });
  const out = join(work, 'export');
  const folder = makeFolder(work, 'handbook', { 'warranty.md': '# Warranty\n\nThe warranty lasts two years from purchase.' });
  const server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [out, folder] });
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByLabel('Folder path').fill(folder);
    await page.getByRole('button', { name: 'Create and index' }).click();
    await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();

    await page.locator('nav [data-section="datasets"]').click();
    await page.getByLabel('New data set name').fill('support');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Add records').click();
    await page.getByLabel('From a knowledge base…').selectOption({ label: 'handbook' });
    await page.getByLabel('Model', { exact: true }).fill('scripted');
    await page.getByRole('button', { name: 'Write Q&A pairs' }).click();
    await page.getByTestId('generate-progress').getByText(/1 of 1 chunks · 2 pairs added · 1 failed the source check/).waitFor();

    const rows = page.getByTestId('records').locator('tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.filter({ hasText: 'water damage' }).locator('.flag').count(), 1);
    await rows.filter({ hasText: 'How long is the warranty' }).getByRole('button', { name: 'Accept' }).click();
    await page.locator('tr[data-review="accepted"]').waitFor();
    await page.getByRole('button', { name: 'Failed source check' }).click();
    assert.equal(await rows.count(), 1);
    assert.match(await page.getByTestId('quality').innerText(), /2 records of the 1000 recommended/);
    await screenshot(page, 'datasets');

    // Only places the person allowed: a folder the page names elsewhere
    // is refused, with what to do.
    await page.getByText('Export', { exact: true }).first().click();
    await page.getByLabel('Folder to export into').fill(join(work, 'elsewhere'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('alert').getByText(/saves for this window only into.*--allow-path/).waitFor();
    assert.equal(existsSync(join(work, 'elsewhere')), false);
    assert.deepEqual(errors.splice(0), ['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await page.getByLabel('Folder to export into').fill(out);
    await page.getByLabel('Accepted records only').check();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByTestId('exported').waitFor();
    const lines = readFileSync(join(out, 'support.train.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]).messages[1].content, 'The warranty lasts two years from purchase.');
    assert.ok(JSON.parse(readFileSync(join(out, 'dataset_info.json'), 'utf8')).support_train);

    // A chat goes into the data set as its conversation.
    const settings = await callService(server.url, 'Settings', 'Get');
    await callService(server.url, 'Settings', 'Update', [{ ...settings, defaultChatModel: 'scripted' }]);
    await page.locator('nav [data-section="chats"]').click();
    await page.getByTestId('chat-input').fill('How long is the warranty?');
    await page.keyboard.press('Enter');
    await page.locator('[data-answer][data-status="done"]').waitFor();
    await page.getByRole('button', { name: 'Add to data set' }).click();
    await page.getByLabel('Add to data set').selectOption({ label: 'support' });
    await page.getByText('Added 1 record: the conversation').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
