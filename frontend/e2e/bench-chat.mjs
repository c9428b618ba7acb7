// Measures a 2,000-turn chat in Chromium for `make bench`: time to open it,
// frame times while scrolling through it, JS heap and DOM size. The
// baseline, in the same browser and run, is the same questions and answers
// as one plain static page (no virtualisation, no Markdown): what showing
// that much text costs any page. ZHIKU_DATA_DIR names a data folder holding
// the chat (searchbench seedchat). Prints one JSON object.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { launchBrowser, startServe } from './harness.mjs';
import { callService } from './scripted-ollama.mjs';

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Scrolls the element from bottom to top over many frames, timing each frame. */
async function scrollFrames(page, selector) {
  return page.evaluate(async (sel) => {
    const el = sel === 'document' ? document.scrollingElement : document.querySelector(sel);
    el.scrollTop = el.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const frames = [];
    let last = performance.now();
    const step = Math.max(200, el.scrollHeight / 600);
    while (el.scrollTop > 0 && frames.length < 600) {
      el.scrollTop -= step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return frames;
  }, selector);
}

async function pageFigures(page) {
  const client = await page.context().newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  const { usedSize } = await client.send('Runtime.getHeapUsage');
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { heapBytes: usedSize, domNodes: nodes };
}

const browser = await launchBrowser();
const server = await startServe({ OLLAMA_HOST: '127.0.0.1:9', ZHIKU_DATA_DIR: process.env.ZHIKU_DATA_DIR });
const result = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('nav [data-section="chats"]').click();
  const t0 = performance.now();
  await page.getByRole('button', { name: /2000 turns/ }).click();
  await page.locator('[data-turn]').last().waitFor();
  result.openMillis = performance.now() - t0;
  const frames = await scrollFrames(page, '[data-testid="messages"]');
  result.frameP50Millis = percentile(frames, 0.5);
  result.frameP95Millis = percentile(frames, 0.95);
  result.longFrames = frames.filter((f) => f > 50).length;
  result.frames = frames.length;
  Object.assign(result, await pageFigures(page));

  // Baseline: the same text as one static page.
  const chat = (await callService(server.url, 'Chats', 'List', [''])).find((c) => c.title === '2000 turns');
  const full = await callService(server.url, 'Chats', 'Get', [chat.id]);
  const escape = (s) => s.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><meta charset="utf-8"><body style="font:16px sans-serif;max-width:52rem;margin:auto">${full.turns
    .map((t) => `<article><p><b>${escape(t.question)}</b></p><pre style="white-space:pre-wrap">${escape(t.answers[0].content)}</pre></article>`)
    .join('')}</body>`;
  const plain = createServer((_, res) => res.end(html));
  await new Promise((r) => plain.listen(0, '127.0.0.1', r));
  const basePage = await context.newPage();
  const b0 = performance.now();
  await basePage.goto(`http://127.0.0.1:${plain.address().port}/`);
  await basePage.locator('article').last().waitFor();
  result.baselineOpenMillis = performance.now() - b0;
  const baseFrames = await scrollFrames(basePage, 'document');
  result.baselineFrameP95Millis = percentile(baseFrames, 0.95);
  const base = await pageFigures(basePage);
  result.baselineHeapBytes = base.heapBytes;
  result.baselineDomNodes = base.domNodes;
  plain.close();
} finally {
  await server.stop();
  await browser.close();
}
console.log(JSON.stringify(result));
