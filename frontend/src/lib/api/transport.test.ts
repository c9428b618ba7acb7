import { describe, expect, it, vi } from 'vitest';
import { toApiError } from './errors';
import { connect } from './index';
import { isExternalWebURL } from './transport';
import { WailsTransport, type WailsWindow } from './wails';

function fakeWails(call: (...a: unknown[]) => Promise<unknown>): WailsWindow {
  return {
    go: { app: { Bridge: { Call: call } } },
    runtime: { EventsOn: vi.fn(() => () => {}), BrowserOpenURL: vi.fn() },
  };
}

describe('transport choice', () => {
  it('uses Wails inside the desktop shell and HTTP elsewhere', () => {
    expect(connect(fakeWails(async () => null)).transport).toBe('wails');
    expect(connect({}).transport).toBe('http');
    expect(connect({ go: {} }).transport).toBe('http');
  });
});

describe('WailsTransport', () => {
  it('calls the one bound bridge method with service, method and arguments', async () => {
    const call = vi.fn(async () => ({ state: 'running' }));
    const t = new WailsTransport(fakeWails(call));
    await expect(t.call('Ollama', 'Status', [])).resolves.toEqual({ state: 'running' });
    expect(call).toHaveBeenCalledWith('Ollama', 'Status', []);
  });

  it('rejects with the Problem the Go error formatter sent', async () => {
    const problem = { code: 'store.not_ready', message: { en: 'x', 'zh-CN': 'y' } };
    const t = new WailsTransport(
      fakeWails(async () => {
        throw problem;
      }),
    );
    await expect(t.call('Settings', 'Update', [{}])).rejects.toMatchObject({ problem });
  });

  it('opens only web addresses in the system browser', () => {
    const w = fakeWails(async () => null);
    const t = new WailsTransport(w);
    t.openExternal('javascript:alert(1)');
    t.openExternal('file:///etc/passwd');
    t.openExternal('https://ollama.com/download');
    expect(w.runtime.BrowserOpenURL).toHaveBeenCalledTimes(1);
    expect(w.runtime.BrowserOpenURL).toHaveBeenCalledWith('https://ollama.com/download');
  });
});

describe('errors', () => {
  it.each([
    ['http://x', true],
    ['https://x/y?z', true],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>', false],
    ['not a url', false],
  ])('isExternalWebURL(%s) = %s', (url, want) => {
    expect(isExternalWebURL(url)).toBe(want);
  });

  it('parses a Problem sent as a JSON string and wraps anything else', () => {
    const problem = { code: 'ollama.timeout', message: { en: 'slow' } };
    expect(toApiError(JSON.stringify(problem)).problem).toEqual(problem);
    expect(toApiError(new Error('boom')).problem).toMatchObject({ code: 'internal', detail: 'boom' });
  });
});
