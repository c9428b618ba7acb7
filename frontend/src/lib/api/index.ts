import { createApi, type Api } from './client';
import { HttpTransport } from './http';
import { isWails, WailsTransport } from './wails';

export type { Api } from './client';
export * from './errors';
export * from './events';
export type * from './types';

/** Picks the transport at start-up: Wails inside the desktop shell, HTTP in a browser. */
export function connect(w: unknown = globalThis.window): Api {
  return createApi(isWails(w) ? new WailsTransport(w) : new HttpTransport());
}
