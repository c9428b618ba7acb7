import { getContext, setContext } from 'svelte';
import type { Api } from '../api';
import { AppStore } from './app.svelte';
import { OllamaStore } from './ollama.svelte';
import { SettingsStore } from './settings.svelte';

export { sections, type Section } from './app.svelte';
export { AppStore, OllamaStore, SettingsStore };

export interface Stores {
  app: AppStore;
  settings: SettingsStore;
  ollama: OllamaStore;
}

export function createStores(api: Api): Stores {
  return { app: new AppStore(api), settings: new SettingsStore(api), ollama: new OllamaStore(api) };
}

const key = Symbol('stores');

/** Makes the stores available to every component below the caller. */
export function provideStores(stores: Stores): void {
  setContext(key, stores);
}

export function useStores(): Stores {
  return getContext<Stores>(key);
}
