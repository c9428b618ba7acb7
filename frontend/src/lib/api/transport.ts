/** How the UI reaches the Go services: Wails bindings in the window, HTTP in a browser. */
export interface Transport {
  readonly kind: 'wails' | 'http';
  /** Calls Service.Method; rejects with an ApiError. */
  call<T>(service: string, method: string, args: unknown[]): Promise<T>;
  /** Subscribes to a named event; returns the function that unsubscribes. */
  subscribe(name: string, handler: (payload: unknown) => void): () => void;
  /**
   * Registers a handler called when the event stream comes back after a
   * break, when events may have been missed and state should be reloaded.
   */
  onReconnect(handler: () => void): () => void;
  /** Opens an http(s) address in the system browser. */
  openExternal(url: string): void;
}

/** Only web addresses may leave the app; javascript:, file: and the rest never do. */
export function isExternalWebURL(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
