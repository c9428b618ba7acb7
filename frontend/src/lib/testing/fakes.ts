// Test doubles for the API layer: an in-memory Transport whose calls and
// events the test controls, and factories for the data the stores hold.
import { createApi, type Api } from '../api/client';
import type { Transport } from '../api/transport';
import type { AppInfo, OllamaStatus, Settings } from '../api/types';

type Handler = (...args: unknown[]) => unknown;

export class FakeTransport implements Transport {
  readonly kind = 'http' as const;
  readonly calls: { service: string; method: string; args: unknown[] }[] = [];
  readonly opened: string[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();
  private readonly reconnects = new Set<() => void>();

  /** Answers Service.Method with fn (which may throw or return a promise). */
  on(name: string, fn: Handler): this {
    this.handlers.set(name, fn);
    return this;
  }

  async call<T>(service: string, method: string, args: unknown[]): Promise<T> {
    this.calls.push({ service, method, args });
    const fn = this.handlers.get(`${service}.${method}`);
    if (!fn) throw new Error(`no fake for ${service}.${method}`);
    return (await fn(...args)) as T;
  }

  subscribe(name: string, handler: (payload: unknown) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(handler);
    this.listeners.set(name, set);
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): () => void {
    this.reconnects.add(handler);
    return () => this.reconnects.delete(handler);
  }

  openExternal(url: string): void {
    this.opened.push(url);
  }

  emit(name: string, payload: unknown): void {
    for (const h of this.listeners.get(name) ?? []) h(payload);
  }

  reconnect(): void {
    for (const h of this.reconnects) h();
  }
}

export function fakeApi(): { api: Api; transport: FakeTransport } {
  const transport = new FakeTransport();
  return { api: createApi(transport), transport };
}

export function settingsFixture(over: Partial<Settings> = {}): Settings {
  return {
    language: 'system',
    theme: 'system',
    ollamaHost: '',
    defaultChatModel: '',
    defaultEmbedModel: '',
    rerankModel: '',
    retrieval: { mode: 'hybrid', keywordWeight: 1, vectorWeight: 1, rrfK: 60, neighbours: 1, diversity: false, diversityLambda: 0.7 },
    ...over,
  };
}

export function statusFixture(over: Partial<OllamaStatus> = {}): OllamaStatus {
  return {
    state: 'running',
    host: 'http://127.0.0.1:11434',
    version: '0.17.4',
    models: 2,
    hostIsLocal: true,
    startedByZhiku: false,
    checkedAt: '2026-11-26T00:00:00Z',
    ...over,
  };
}

export function infoFixture(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    commit: 'abc',
    goVersion: 'go1.26',
    os: 'linux',
    arch: 'amd64',
    dataDir: '/tmp/zhiku',
    systemLocale: 'zh-CN',
    notices: [],
    ...over,
  };
}
