// The retrieval check-up in a real browser against `zhiku serve` and a
// scripted Ollama that writes a question about whatever passage it is
// given: start it from a knowledge base's view, watch it run, read the
// table, apply the recommendation and find it in the settings.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, screenshot, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-selftest-'));
const towns = ['Arden', 'Bexley', 'Corfe', 'Dunmore', 'Elgin', 'Fenwick', 'Galloway', 'Hexham', 'Ilkley', 'Jedburgh', 'Kendal', 'Ludlow'];
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The Q&A-pair writer's reply: a question about the town its passage names. */
function writeQuestion(prompt) {
  const town = towns.find((t) => prompt.includes(`The ${t} lantern festival`)) ?? 'nowhere';
  return JSON.stringify([{ question: `When does the ${town} lantern festival take place?`, answer: 'In October.' }]);
}

test('a check-up runs, shows its table and applies its recommendation', async () => {
  const ollama = await startScriptedOllama({ answer: writeQuestion });
  const files = Object.fromEntries(
    towns.map((t, i) => [`${t.toLowerCase()}.md`, `The ${t} lantern festival takes place every ${i + 1} October near the old ${t} harbour.`]),
  );
  const folder = makeFolder(work, 'festivals', files);
  const server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [folder] });
  try {
    const settings = await callService(server.url, 'Settings', 'Get');
    await callService(server.url, 'Settings', 'Update', [{ ...settings, defaultChatModel: 'scripted' }]);
    const { page, errors } = await openPage(browser, server.url);
    await page.getByLabel('Folder path').fill(folder);
    await page.getByRole('button', { name: 'Create and index' }).click();
    await page.getByTestId('file-list').locator('li[data-status="indexed"]').nth(towns.length - 1).waitFor();

    const panel = page.getByTestId('selftest');
    await panel.getByText('No check-up yet.').waitFor();
    await panel.getByLabel('Passages to ask about').fill('20');
    await panel.getByRole('button', { name: 'Start the check-up' }).click();
    const rows = panel.locator('tbody tr');
    await rows.nth(1).waitFor();
    assert.deepEqual(await rows.locator('th').allInnerTexts(), ['Keywords Recommended', 'Keywords + neighbouring chunks']);
    const cells = await rows.first().locator('td').allInnerTexts();
    assert.deepEqual([...cells.slice(0, 3), cells[4]], ['1.000', '1.000', '1.000', '0']);
    assert.match(cells[3], /^\d+(\.\d)? ms$/);
    assert.match(await panel.innerText(), /12 questions from 12 chunks/);
    await screenshot(page, 'selftest');

    await panel.getByRole('button', { name: 'Apply recommended' }).click();
    await panel.getByText('Applied: Keywords.').waitFor();
    const applied = await callService(server.url, 'Settings', 'Get');
    assert.equal(applied.retrieval.mode, 'keyword');
    assert.equal(applied.retrieval.neighbours, 0);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
