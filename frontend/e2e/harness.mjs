// Shared set-up for the browser end-to-end tests: start `zhiku serve` on a
// free loopback port with its own data folder, and Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const repoRoot = resolve(import.meta.dirname, '..', '..');
export const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e');
mkdirSync(artifactsDir, { recursive: true });

const zhikuBin = process.env.ZHIKU_BIN ?? join(repoRoot, 'build', 'bin', 'zhiku');

/**
 * Starts `zhiku serve --addr 127.0.0.1:0` and resolves once it prints its
 * address. env adds to the process environment (e.g. OLLAMA_HOST);
 * allowPaths are folders the page may import from and export to.
 */
export async function startServe(env = {}, { allowPaths = [] } = {}) {
  const dataDir = env.ZHIKU_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zhiku-e2e-'));
  const args = ['serve', '--addr', '127.0.0.1:0', ...allowPaths.flatMap((p) => ['--allow-path', p])];
  const child = spawn(zhikuBin, args, {
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env, ZHIKU_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`zhiku serve printed no address in 20 s:\n${stderr}`)), 20_000);
    child.stdout.on('data', (d) => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(String(d));
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`zhiku serve exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    dataDir,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return await new Promise((r) => child.on('exit', (code) => r(code)));
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens a page that fails the test on any uncaught error or console error. */
export async function openPage(browser, url, { locale = 'en-US', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, colorScheme, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, context, errors };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** Writes a folder of files under dir and returns its path. */
export function makeFolder(dir, name, files) {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  return root;
}
