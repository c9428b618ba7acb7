import type { EventName, EventPayloads } from './events';
import { createServices } from './services';
import type { Transport } from './transport';

/**
 * The typed API of the Go services, with Go's names (api.Library.Delete),
 * and their events. Only stores use it; components never do.
 */
export function createApi(t: Transport) {
  return {
    ...createServices(t),
    transport: t.kind,
    on<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): () => void {
      return t.subscribe(name, handler as (payload: unknown) => void);
    },
    onReconnect: (handler: () => void) => t.onReconnect(handler),
    openExternal: (url: string) => t.openExternal(url),
  };
}

export type Api = ReturnType<typeof createApi>;
