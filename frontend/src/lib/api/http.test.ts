import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { HttpTransport } from './http';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeEventSource extends EventTarget {
  constructor(readonly url: string) {
    super();
  }
  send(name: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
}

describe('HttpTransport', () => {
  it('posts the arguments as a JSON array to /api/call/Service/Method', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const t = new HttpTransport('', async (url, init) => {
      requests.push({ url: String(url), init: init! });
      return jsonResponse(200, { language: 'en' });
    });
    await expect(t.call('Settings', 'Update', [{ language: 'en' }])).resolves.toEqual({ language: 'en' });
    expect(requests[0].url).toBe('/api/call/Settings/Update');
    expect(requests[0].init.method).toBe('POST');
    expect(JSON.parse(String(requests[0].init.body))).toEqual([{ language: 'en' }]);
    expect(new Headers(requests[0].init.headers).get('Content-Type')).toBe('application/json');
  });

  it('rejects with the server problem, messages in both languages intact', async () => {
    const problem = { code: 'settings.invalid', message: { en: 'bad', 'zh-CN': '错误' } };
    const t = new HttpTransport('', async () => jsonResponse(422, { error: problem }));
    const err = await t.call('Settings', 'Update', [{}]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).problem).toEqual(problem);
  });

  it('turns a dead server into an actionable problem', async () => {
    const t = new HttpTransport('', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await t.call('System', 'Info', []).catch((e: unknown) => e)) as ApiError;
    expect(err.problem.code).toBe('transport.unreachable');
    expect(err.problem.message['zh-CN']).toContain('zhiku serve');
    expect(err.problem.detail).toBe('Failed to fetch');
  });

  it('turns a non-JSON error page into a generic problem', async () => {
    const t = new HttpTransport('', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    const err = (await t.call('System', 'Info', []).catch((e: unknown) => e)) as ApiError;
    expect(err.problem.code).toBe('internal');
    expect(err.problem.detail).toContain('502');
  });

  it('shares one event stream, delivers parsed payloads, and reports reconnects', () => {
    const sources: FakeEventSource[] = [];
    const t = new HttpTransport('', fetch, (url) => {
      const s = new FakeEventSource(url);
      sources.push(s);
      return s as unknown as EventSource;
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = t.subscribe('settings:changed', (p) => a.push(p));
    t.subscribe('settings:changed', (p) => b.push(p));
    let reconnects = 0;
    t.onReconnect(() => reconnects++);
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('/api/events');

    sources[0].send('settings:changed', { theme: 'dark' });
    offA();
    sources[0].send('settings:changed', { theme: 'light' });
    expect(a).toEqual([{ theme: 'dark' }]);
    expect(b).toEqual([{ theme: 'dark' }, { theme: 'light' }]);

    sources[0].dispatchEvent(new Event('open')); // first open: not a reconnect
    sources[0].dispatchEvent(new Event('error'));
    sources[0].dispatchEvent(new Event('open'));
    expect(reconnects).toBe(1);
  });
});
