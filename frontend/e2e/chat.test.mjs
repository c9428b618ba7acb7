// Chat in a real browser against a real `zhiku serve`: with the real
// Ollama test server and its tiny model (streaming, sources, inspector,
// regenerate, history), and with a scripted stand-in whose answers carry
// attack payloads that must stay inert.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, makeFolder, openPage, screenshot, startServe } from './harness.mjs';
import { callService, startScriptedOllama } from './scripted-ollama.mjs';

const work = mkdtempSync(join(tmpdir(), 'zhiku-e2e-chat-'));
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function useModels(server, chatModel, embedModel = '') {
  const settings = await callService(server.url, 'Settings', 'Get');
  await callService(server.url, 'Settings', 'Update', [{ ...settings, defaultChatModel: chatModel, defaultEmbedModel: embedModel }]);
}

async function createKB(page, folder) {
  await page.getByLabel('Folder path').fill(folder);
  await page.getByRole('button', { name: 'Create and index' }).click();
  await page.getByTestId('file-list').locator('li[data-status="indexed"]').first().waitFor();
}

async function askInNewChat(page, kbName, question) {
  await page.locator('nav [data-section="chats"]').click();
  await page.getByTestId('kb-picker').click();
  await page.getByRole('checkbox', { name: kbName }).check();
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByTestId('chat-input').fill(question);
  await page.keyboard.press('Enter');
}

const rigHost = process.env.ZHIKU_TEST_OLLAMA_HOST;

test('a question is answered by the real tiny model, with sources, inspector and history', { skip: !rigHost && 'needs the Ollama test rig (make test-rig)' }, async () => {
  const server = await startServe({ OLLAMA_HOST: rigHost }, { allowPaths: [work] });
  try {
    await useModels(server, 'zhiku-tiny-chat', 'zhiku-tiny-embed');
    const folder = makeFolder(work, '旅行', {
      '西安.md': '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。',
      '杭州.txt': '西湖位于杭州市西部，是中国著名的风景名胜区。',
    });
    const { page, errors } = await openPage(browser, server.url);
    await createKB(page, folder);
    await askInNewChat(page, '旅行', '兵马俑在哪里？');

    // The answer ends done, or failed with a reason (an answer with no
    // text fails): either way the test goes on at once, and says which.
    const ended = page.locator('[data-answer][data-status="done"], [data-answer][data-status="failed"]');
    await ended.first().waitFor({ timeout: 60_000 });
    const [listed] = await callService(server.url, 'Chats', 'List', ['']);
    const stored = await callService(server.url, 'Chats', 'Get', [listed.id]);
    const first = stored.turns[0].answers[0];
    assert.equal(first.status, 'done', `the answer ended ${first.status}: ${JSON.stringify(first.problem)}`);
    // The tiny model's text is noise, and may render as nothing visible
    // (stray bytes): check it is shown through the Markdown renderer.
    const answer = page.locator('[data-answer][data-status="done"]');
    assert.equal(await answer.first().locator('.markdown').count(), 1);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '兵马俑在哪里？');

    // The inspector shows the exact window and the messages sent.
    await page.getByRole('button', { name: /Prompt inspector/ }).click();
    await page.getByTestId('inspector').waitFor();
    assert.equal(await page.getByTestId('num-ctx').innerText(), '4096 / 4096');
    assert.match(await page.getByTestId('inspector').innerText(), /Messages sent \(2\)/);
    await screenshot(page, 'chat-inspector');

    // The retrieved passage opens with the chunk highlighted.
    await page.getByRole('tab', { name: 'Sources' }).click();
    await page.getByTestId('source-panel').getByRole('button', { name: /西安\.md/ }).click();
    assert.equal(await page.getByTestId('source-context').locator('mark').innerText(), '# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。');

    // Regenerating keeps both answers, to flip through.
    await page.getByRole('button', { name: /^Regenerate/ }).click();
    await page.getByText('2 / 2').waitFor();
    await page.locator('[data-answer][data-status="done"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Previous answer' }).click();
    await page.getByText('1 / 2').waitFor();

    // History persists: a reload shows the chat, which opens with its answers.
    await page.reload();
    await page.locator('nav [data-section="chats"]').click();
    await page.getByRole('button', { name: /兵马俑在哪里？/ }).first().click();
    await page.getByText('1 / 2').waitFor();
    await screenshot(page, 'chat-answer');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

const payloads = [
  '<img src="PIXEL/answer-img" onerror="window.pwned=1">',
  '<script>window.pwned=2</script>',
  '[click me](javascript:window.pwned=3)',
  '![tracker](PIXEL/answer-md-image)',
  '<a href="javascript:window.pwned=4">link</a>',
  '<div style="background:url(PIXEL/answer-css)">styled</div>',
  '<svg onload="window.pwned=5"></svg>',
  '<iframe src="PIXEL/answer-frame"></iframe>',
];

test('payloads in documents and in model output render inert and fetch nothing', async () => {
  const ollama = await startScriptedOllama();
  const pixel = `${ollama.origin}/pixel`;
  ollama.setAnswer(`The army is in Xi'an [1].\n\n${payloads.join('\n\n').replaceAll('PIXEL', pixel)}\n\n[safe](https://example.com/docs)`);
  const server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [work] });
  try {
    await useModels(server, 'scripted');
    const folder = makeFolder(work, 'hostile', {
      'army.md': `# Army\n\n兵马俑 terracotta army <img src="${pixel}/doc-img" onerror="window.pwned=6"> <script>window.pwned=7</script> [x](javascript:window.pwned=8)`,
    });
    const { page, errors } = await openPage(browser, server.url);
    await createKB(page, folder);
    await askInNewChat(page, 'hostile', 'terracotta army');
    const answer = page.locator('[data-answer][data-status="done"]');
    await answer.waitFor({ timeout: 30_000 });

    const md = answer.locator('.markdown');
    assert.equal(await md.locator('img, script, svg, iframe, [href], [src], [style]').count(), 0);
    assert.deepEqual(await md.locator('[data-href]').evaluateAll((els) => els.map((e) => e.dataset.href)), ['https://example.com/docs']);
    assert.match(await md.innerText(), /click me/);

    // The citation opens the document, whose payload shows as text.
    await md.locator('button.cite[data-cite="1"]').click();
    const context = page.getByTestId('source-context');
    assert.match(await context.innerText(), /<img src=".*doc-img" onerror="window\.pwned=6">/);
    assert.equal(await page.getByTestId('source-panel').locator('img, script').count(), 0);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByTestId('inspector').locator('details').last().click();
    assert.match(await page.getByTestId('inspector').innerText(), /window\.pwned=7/);
    await screenshot(page, 'chat-payloads');

    assert.equal(await page.evaluate(() => window.pwned), undefined, 'no payload ran');

    // A link in an answer opens only when clicked, only if http(s), and
    // then in its own window: a javascript: one does nothing.
    const opened = [];
    page.context().on('page', (p) => opened.push(p));
    await page.context().route('https://example.com/**', (r) => r.fulfill({ body: 'docs' }));
    await md.getByText('click me').click();
    await page.waitForTimeout(500);
    assert.equal(opened.length, 0, 'a javascript: link opened something');
    assert.equal(await page.evaluate(() => window.pwned), undefined, 'a javascript: link ran');
    const tab = page.context().waitForEvent('page');
    await md.getByText('safe', { exact: true }).click();
    const docs = await tab;
    await docs.waitForLoadState();
    assert.equal(docs.url(), 'https://example.com/docs');
    assert.equal(page.url().startsWith(server.url), true, 'the app itself stayed put');
    await docs.close();
    const fetched = ollama.requests.filter((r) => r.path.startsWith('/pixel'));
    assert.deepEqual(fetched, [], 'nothing was fetched for a payload');
    assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy')), []);

    // The export carries the answer as text.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Markdown' }).click();
    const file = await (await download).path();
    assert.match(readFileSync(file, 'utf8'), /## Question\n\nterracotta army/);
  } finally {
    await server.stop();
    await ollama.close();
  }
});

test('a missing model is downloaded from the answer, which then retries by itself', async () => {
  const ollama = await startScriptedOllama({ answer: 'Ready now.', pullable: ['qwen3:0.6b'] });
  const server = await startServe({ OLLAMA_HOST: ollama.host }, { allowPaths: [work] });
  try {
    await useModels(server, 'qwen3:0.6b');
    const { page, errors } = await openPage(browser, server.url);
    await page.locator('nav [data-section="chats"]').click();
    await page.getByTestId('chat-input').fill('hello');
    await page.keyboard.press('Enter');
    await page.locator('[data-code="ollama.model_not_found"]').waitFor();
    await page.getByRole('button', { name: 'Download qwen3:0.6b' }).click();
    await page.getByTestId('pull').locator('progress').waitFor();
    await page
      .locator('[data-answer][data-status="done"]')
      .waitFor({ timeout: 20_000 })
      .catch(async (err) => {
        await screenshot(page, 'chat-pull-failure');
        throw new Error(`${err.message}\nzhiku serve said:\n${server.stderr()}\nOllama saw: ${ollama.requests.map((r) => r.path).join(' ')}`);
      });
    assert.equal(await page.locator('[data-answer][data-status="done"] .markdown').innerText(), 'Ready now.');
    assert.equal(await page.getByText('2 / 2').count(), 1, 'the failed answer is kept as an alternative');
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
    await ollama.close();
  }
});
