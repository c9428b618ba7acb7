import type { EventName, EventPayloads } from './events';
import type { Transport } from './transport';
import type {
  AppInfo,
  Check,
  FileRecord,
  IndexProgress,
  KBSettings,
  KnowledgeBase,
  OllamaStatus,
  SearchQuery,
  SearchResult,
  Settings,
} from './types';

/** The typed API of the Go services. Only stores use it; components never do. */
export function createApi(t: Transport) {
  return {
    transport: t.kind,
    system: {
      info: () => t.call<AppInfo>('System', 'Info', []),
      doctor: () => t.call<Check[]>('System', 'Doctor', []),
      pickFolder: (title: string) => t.call<string>('System', 'PickFolder', [title]),
    },
    library: {
      list: () => t.call<KnowledgeBase[]>('Library', 'List', []),
      create: (name: string, sources: string[]) => t.call<KnowledgeBase>('Library', 'Create', [{ name, sources }]),
      createFromDrop: (paths: string[]) => t.call<KnowledgeBase>('Library', 'CreateFromDrop', [paths]),
      rename: (id: number, name: string) => t.call<KnowledgeBase>('Library', 'Rename', [id, name]),
      remove: (id: number) => t.call<null>('Library', 'Delete', [id]),
      addSources: (id: number, paths: string[]) => t.call<KnowledgeBase>('Library', 'AddSources', [id, paths]),
      files: (id: number) => t.call<FileRecord[]>('Library', 'Files', [id]),
      sync: (id: number) => t.call<null>('Library', 'Sync', [id]),
      cancel: (id: number) => t.call<null>('Library', 'Cancel', [id]),
      pause: (id: number) => t.call<null>('Library', 'Pause', [id]),
      resume: (id: number) => t.call<null>('Library', 'Resume', [id]),
      progress: () => t.call<IndexProgress[]>('Library', 'Progress', []),
      configure: (id: number, settings: KBSettings) => t.call<KnowledgeBase>('Library', 'Configure', [id, settings]),
    },
    search: {
      query: (q: SearchQuery) => t.call<SearchResult>('Search', 'Query', [q]),
      openFile: (path: string, page: number) => t.call<null>('Search', 'OpenFile', [path, page]),
      revealFile: (path: string) => t.call<null>('Search', 'RevealFile', [path]),
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
