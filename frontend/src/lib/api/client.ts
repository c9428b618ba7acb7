import type { EventName, EventPayloads } from './events';
import type { Transport } from './transport';
import type { AppInfo, Check, OllamaStatus, Settings } from './types';

/** The typed API of the Go services. Only stores use it; components never do. */
export function createApi(t: Transport) {
  return {
    transport: t.kind,
    system: {
      info: () => t.call<AppInfo>('System', 'Info', []),
      doctor: () => t.call<Check[]>('System', 'Doctor', []),
    },
    settings: {
      get: () => t.call<Settings>('Settings', 'Get', []),
      update: (s: Settings) => t.call<Settings>('Settings', 'Update', [s]),
    },
    ollama: {
      status: () => t.call<OllamaStatus>('Ollama', 'Status', []),
      refresh: () => t.call<OllamaStatus>('Ollama', 'Refresh', []),
      start: () => t.call<OllamaStatus>('Ollama', 'Start', []),
    },
    on<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): () => void {
      return t.subscribe(name, handler as (payload: unknown) => void);
    },
    onReconnect: (handler: () => void) => t.onReconnect(handler),
    openExternal: (url: string) => t.openExternal(url),
  };
}

export type Api = ReturnType<typeof createApi>;
