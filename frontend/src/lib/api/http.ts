import { ApiError, isProblem, toApiError, unreachableProblem } from './errors';
import { isExternalWebURL, type Transport } from './transport';

type Fetch = typeof fetch;
type EventSourceFactory = (url: string) => EventSource;

/**
 * The browser transport, for `zhiku serve`: calls are POST
 * /api/call/{Service}/{Method} with a JSON array of arguments, events arrive
 * over one shared EventSource on /api/events.
 */
export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  private source: EventSource | null = null;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private hadError = false;

  constructor(
    private readonly base = '',
    private readonly fetchFn: Fetch = (...args) => fetch(...args),
    private readonly newEventSource: EventSourceFactory = (url) => new EventSource(url),
  ) {}

  async call<T>(service: string, method: string, args: unknown[]): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.base}/api/call/${service}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
    } catch (err) {
      throw new ApiError(unreachableProblem(err instanceof Error ? err.message : String(err)));
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = (body as { error?: unknown } | undefined)?.error;
      if (isProblem(problem)) throw new ApiError(problem);
      throw toApiError(`HTTP ${response.status} ${response.statusText}`);
    }
    return body as T;
  }

  subscribe(name: string, handler: (payload: unknown) => void): () => void {
    const source = this.ensureSource();
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      source.addEventListener(name, (ev) => {
        const data: unknown = JSON.parse((ev as MessageEvent<string>).data);
        for (const h of this.listeners.get(name) ?? []) h(data);
      });
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): () => void {
    this.ensureSource();
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  openExternal(url: string): void {
    if (isExternalWebURL(url)) window.open(url, '_blank', 'noopener,noreferrer');
  }

  private ensureSource(): EventSource {
    if (this.source) return this.source;
    const source = this.newEventSource(`${this.base}/api/events`);
    // EventSource reconnects by itself; after a break, events may have been
    // missed, so the stores reload what they show.
    source.addEventListener('error', () => {
      this.hadError = true;
    });
    source.addEventListener('open', () => {
      if (!this.hadError) return;
      this.hadError = false;
      for (const h of this.reconnectHandlers) h();
    });
    this.source = source;
    return source;
  }
}
