import { getContext, setContext } from 'svelte';
import type { Api } from '../api';
import { AppStore } from './app.svelte';
import { ChatsStore } from './chats.svelte';
import { DatasetsStore } from './datasets.svelte';
import { LibraryStore } from './library.svelte';
import { LogStore } from './log.svelte';
import { ModelsStore } from './models.svelte';
import { OllamaStore } from './ollama.svelte';
import { PromptsStore } from './prompts.svelte';
import { SearchStore } from './search.svelte';
import { SelfTestStore } from './selftest.svelte';
import { SettingsStore } from './settings.svelte';

export { sections, type Section } from './app.svelte';
export {
  AppStore,
  ChatsStore,
  DatasetsStore,
  LibraryStore,
  LogStore,
  ModelsStore,
  PromptsStore,
  OllamaStore,
  SearchStore,
  SelfTestStore,
  SettingsStore,
};

export interface Stores {
  app: AppStore;
  settings: SettingsStore;
  ollama: OllamaStore;
  library: LibraryStore;
  search: SearchStore;
  chats: ChatsStore;
  models: ModelsStore;
  prompts: PromptsStore;
  datasets: DatasetsStore;
  selftest: SelfTestStore;
  log: LogStore;
}

export function createStores(api: Api): Stores {
  const library = new LibraryStore(api);
  return {
    app: new AppStore(api),
    settings: new SettingsStore(api),
    ollama: new OllamaStore(api),
    library,
    search: new SearchStore(api),
    chats: new ChatsStore(
      api,
      () => library.kbs.map((kb) => kb.id),
      typeof localStorage === 'undefined' ? null : localStorage,
    ),
    models: new ModelsStore(api),
    prompts: new PromptsStore(api),
    datasets: new DatasetsStore(api),
    selftest: new SelfTestStore(api),
    log: new LogStore(api),
  };
}

const key = Symbol('stores');

/** Makes the stores available to every component below the caller. */
export function provideStores(stores: Stores): void {
  setContext(key, stores);
}

export function useStores(): Stores {
  return getContext<Stores>(key);
}
