import { toApiError } from './errors';
import { isExternalWebURL, type Transport } from './transport';

/** What Wails injects into the window: the bound Bridge and its JS runtime. */
export interface WailsWindow {
  go: { app: { Bridge: { Call(service: string, method: string, args: unknown[]): Promise<unknown> } } };
  runtime: {
    EventsOn(name: string, handler: (payload: unknown) => void): () => void;
    BrowserOpenURL(url: string): void;
    OnFileDrop?(callback: () => void, useDropTarget: boolean): void;
  };
}

export function isWails(w: unknown): w is WailsWindow {
  const candidate = w as Partial<WailsWindow> | undefined;
  return typeof candidate?.go?.app?.Bridge?.Call === 'function' && typeof candidate.runtime?.EventsOn === 'function';
}

/**
 * The desktop transport: every call goes through the one bound method,
 * Bridge.Call, which dispatches exactly as the HTTP API does. Errors arrive
 * as Problem objects (the Go side's ErrorFormatter).
 */
export class WailsTransport implements Transport {
  readonly kind = 'wails' as const;

  constructor(private readonly w: WailsWindow) {
    // Registers Wails' drag listeners, which mark the element under the
    // pointer with --wails-drop-target as .wails-drop-target-active. The
    // dropped paths themselves reach Go directly, as the files:dropped event.
    w.runtime.OnFileDrop?.(() => {}, true);
  }

  async call<T>(service: string, method: string, args: unknown[]): Promise<T> {
    try {
      return (await this.w.go.app.Bridge.Call(service, method, args)) as T;
    } catch (err) {
      throw toApiError(err);
    }
  }

  subscribe(name: string, handler: (payload: unknown) => void): () => void {
    return this.w.runtime.EventsOn(name, handler);
  }

  onReconnect(): () => void {
    // Events travel inside the process; there is no connection to lose.
    return () => {};
  }

  openExternal(url: string): void {
    if (isExternalWebURL(url)) this.w.runtime.BrowserOpenURL(url);
  }
}
