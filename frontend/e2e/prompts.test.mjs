// The prompt studio in a real browser against `zhiku serve` and a scripted
// Ollama: a built-in assistant's preview, lint hints that appear and can
// be dismissed, saving an assistant, and a side-by-side comparison whose
// best column is kept as preference data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('assistants, lint hints and a comparison', async () => {
  const ollama = await startScriptedOllama({ answer: '- Decision: Postgres' });
  const server = await startServe({ OLLAMA_HOST: ollama.host });
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.locator('nav [data-section="prompts"]').click();

    // A built-in assistant renders its parts.
    await page.getByRole('button', { name: /^Summariser/ }).click();
    assert.match(await page.getByTestId('preview').innerText(), /Task:\nSummarise the text[\s\S]*Length: at most 5 bullets/);
    assert.equal(await page.getByTestId('lint').count(), 0);

    // A new one with a vague task gets hints, each dismissible.
    await page.getByRole('button', { name: 'New assistant' }).click();
    const editor = page.getByTestId('assistant-editor');
    await editor.getByLabel('Name').fill('Notes');
    await editor.getByLabel('Task', { exact: true }).fill('help');
    await page.locator('[data-rule="task.vague"]').waitFor();
    await page.locator('[data-rule="format.missing"]').getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('[data-rule="format.missing"]').waitFor({ state: 'detached' });
    await editor.getByLabel('Task', { exact: true }).fill('Summarise the meeting notes for people who missed the meeting.');
    await page.locator('[data-rule="task.vague"]').waitFor({ state: 'detached' });
    await editor.getByLabel('Length').fill('at most 3 bullets');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: /^Notes/ }).waitFor();
    await screenshot(page, 'prompts-editor');

    // Compare the built-in summariser with the one being edited.
    await page.getByRole('tab', { name: 'Compare' }).click();
    const compare = page.getByTestId('compare');
    await compare.getByLabel('Input to run through every variant').fill('We chose Postgres. Ana sends the budget on Friday.');
    await compare.getByLabel('Assistant of column 1').selectOption({ label: 'Summariser' });
    await compare.getByLabel('Model of column 1').fill('scripted');
    await compare.getByLabel('Model of column 2').fill('scripted');
    await compare.getByRole('button', { name: 'Run all' }).click();
    await compare.getByRole('button', { name: 'Mark best' }).first().waitFor();
    assert.equal(await compare.getByTestId('output').count(), 2);
    assert.match(await compare.getByTestId('metrics').first().innerText(), /first token \d+ ms/);
    await compare.getByRole('button', { name: 'Mark best' }).first().click();
    await compare.getByText('Best · saved as preference data').waitFor();
    await screenshot(page, 'prompts-compare');

    // A lesson of the gallery sets up its weak and strong prompts.
    await compare.getByText('Learn by example').click();
    await compare.locator('li', { hasText: 'Fence off the material' }).getByRole('button', { name: 'Try on my model' }).click();
    assert.match(await compare.getByLabel('Input to run through every variant').inputValue(), /IGNORE ALL PREVIOUS INSTRUCTIONS/);
    await compare.locator('[data-column="1"]').getByText('Strong', { exact: true }).waitFor();

    // A chat can take an assistant's system prompt (the one installed
    // model answers without being chosen, and the chat is there to set up).
    await page.locator('nav [data-section="chats"]').click();
    await page.getByTestId('chat-input').fill('hello');
    await page.keyboard.press('Enter');
    await page.locator('[data-answer][data-status="done"]').waitFor();
    await page.getByRole('button', { name: 'Chat settings' }).click();
    await page.getByLabel('Assistant', { exact: true }).selectOption({ label: 'Translator' });
    await page.waitForFunction(() => document.querySelector('textarea[placeholder^="Empty"]')?.value.includes('professional translator'));

    const prefs = await callService(server.url, 'Prompts', 'Preferences');
    assert.equal(prefs.length, 1);
    assert.equal(prefs[0].chosen.output, '- Decision: Postgres');
    assert.match(prefs[0].chosen.system, /Summarise the text/);
    assert.equal(prefs[0].rejected.length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
