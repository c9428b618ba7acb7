// Every view by keyboard alone: Tab reaches each control in turn, and each
// one shows where the focus is. axe (layout.test.mjs) checks names and
// contrast; only pressing the keys shows what a keyboard user meets.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, startServe } from './harness.mjs';
import { startScriptedOllama } from './scripted-ollama.mjs';

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-keyboard-'));
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * Presses Tab up to limit times and returns, for each control focused, its
 * description and whether a focus indicator (outline or ring) is drawn.
 */
async function tabThrough(page, limit) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // The indicator is on the control, or on the box that wraps it (a
      // field drawn as part of a larger box rings the box).
      const marked = (node) => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      };
      const visible = marked(el) || (el.parentElement !== null && marked(el.parentElement));
      const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 40) || el.getAttribute('placeholder') || el.id;
      return { what: `${el.tagName.toLowerCase()} “${name}”`, visible };
    });
    if (focused) seen.push(focused);
  }
  return seen;
}

test('every view: Tab reaches the controls and each shows its focus', async () => {
  const ollama = await startScriptedOllama();
  const server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [work] });
  try {
    const { page, errors } = await openPage(browser, server.url);
    const folder = makeFolder(work, '笔记', { 'a.md': '# 标题\n\n一段文字。' });

    // The first run's form is reached and used by keyboard alone: Tab to
    // the path, type it, Tab past the name to Create (enabled once a path
    // is there), Enter.
    for (let i = 0; i < 20 && !(await page.getByLabel('Folder path').evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(folder);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Create and index');
    await page.keyboard.press('Enter');
    await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();

    for (const [key, view] of [['1', 'library'], ['2', 'chats'], ['3', 'models'], ['4', 'prompts'], ['5', 'datasets'], ['6', 'settings']]) {
      await page.keyboard.press(`Control+${key}`);
      await page.locator(`main[data-section="${view}"]`).waitFor();
      await page.locator('body').focus();
      const seen = await tabThrough(page, 25);
      assert.ok(seen.length >= 5, `${view}: Tab reached only ${seen.length} controls`);
      const unmarked = seen.filter((f) => !f.visible).map((f) => f.what);
      assert.deepEqual(unmarked, [], `${view}: focus not shown on ${unmarked.join(', ')}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
