// Measures `zhiku serve` start-up for `make bench`: process start to
// listening, process start to the UI painted in Chromium, and the server's
// idle memory. The baseline, in the same browser and run, is a one-line page
// from a bare Node HTTP server: what any page costs to paint here.
// Prints one JSON object.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { launchBrowser, startServe } from './harness.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const browser = await launchBrowser();
const context = await browser.newContext();

const listen = [];
const paint = [];
const rss = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const server = await startServe({ OLLAMA_HOST: '127.0.0.1:9' });
  listen.push(performance.now() - t0);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('.shell nav').waitFor();
  paint.push(performance.now() - t0);
  await page.close();
  await new Promise((r) => setTimeout(r, 1000));
  rss.push(rssBytes(server.pid));
  await server.stop();
}

const baseline = createServer((_, res) => {
  res.setHeader('Content-Type', 'text/html');
  res.end('<!doctype html><div class="shell"><nav>baseline</nav></div>');
});
await new Promise((r) => baseline.listen(0, '127.0.0.1', r));
const baselinePaint = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${baseline.address().port}/`);
  await page.locator('.shell nav').waitFor();
  baselinePaint.push(performance.now() - t0);
  await page.close();
}
baseline.close();
await browser.close();

console.log(
  JSON.stringify({
    runs,
    listenMillis: median(listen),
    paintMillis: median(paint),
    baselinePaintMillis: median(baselinePaint),
    idleRssBytes: median(rss),
  }),
);
