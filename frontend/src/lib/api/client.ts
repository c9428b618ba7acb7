import type { EventName, EventPayloads } from './events';
import type { Transport } from './transport';
import type {
  Answer,
  AskRequest,
  AppInfo,
  CatalogEntry,
  Chat,
  ChatExport,
  Check,
  FileRecord,
  FitReport,
  FitRequest,
  HubFile,
  HubRequest,
  InstalledModel,
  IndexProgress,
  KBSettings,
  KnowledgeBase,
  Machine,
  OllamaStatus,
  SearchQuery,
  SearchResult,
  Settings,
  Turn,
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
    chats: {
      list: (query: string) => t.call<Chat[]>('Chats', 'List', [query]),
      get: (id: number) => t.call<Chat>('Chats', 'Get', [id]),
      create: (chat: Partial<Chat>) => t.call<Chat>('Chats', 'Create', [chat]),
      update: (chat: Chat) => t.call<Chat>('Chats', 'Update', [chat]),
      remove: (id: number) => t.call<null>('Chats', 'Delete', [id]),
      ask: (req: AskRequest) => t.call<Turn>('Chats', 'Ask', [req]),
      edit: (turnId: number, question: string) => t.call<Turn>('Chats', 'Edit', [turnId, question]),
      regenerate: (turnId: number) => t.call<Answer>('Chats', 'Regenerate', [turnId]),
      stop: (chatId: number) => t.call<null>('Chats', 'Stop', [chatId]),
      choose: (turnId: number, answerId: number) => t.call<null>('Chats', 'Choose', [turnId, answerId]),
      rate: (answerId: number, rating: number) => t.call<null>('Chats', 'Rate', [answerId, rating]),
      exportAs: (id: number, format: 'md' | 'json') => t.call<ChatExport>('Chats', 'Export', [id, format]),
      saveExport: (id: number, format: 'md' | 'json') => t.call<string>('Chats', 'SaveExport', [id, format]),
    },
    models: {
      list: () => t.call<InstalledModel[]>('Models', 'List', []),
      machine: () => t.call<Machine>('Models', 'Machine', []),
      fit: (req: FitRequest) => t.call<FitReport>('Models', 'Fit', [req]),
      catalog: (context: number) => t.call<CatalogEntry[]>('Models', 'Catalog', [context]),
      remove: (name: string) => t.call<null>('Models', 'Delete', [name]),
      copy: (from: string, to: string) => t.call<null>('Models', 'Copy', [from, to]),
      importGGUF: (path: string, name: string) => t.call<null>('Models', 'Import', [path, name]),
      hubFiles: (req: HubRequest) => t.call<HubFile[]>('Models', 'HubFiles', [req]),
      download: (req: HubRequest, file: HubFile, folder = '') =>
        t.call<string>('Models', 'Download', [{ ...req, file, ...(folder ? { folder } : {}) }]),
      cancelDownload: (id: string) => t.call<null>('Models', 'CancelDownload', [id]),
    },
    settings: {
      get: () => t.call<Settings>('Settings', 'Get', []),
      update: (s: Settings) => t.call<Settings>('Settings', 'Update', [s]),
    },
    ollama: {
      status: () => t.call<OllamaStatus>('Ollama', 'Status', []),
      refresh: () => t.call<OllamaStatus>('Ollama', 'Refresh', []),
      start: () => t.call<OllamaStatus>('Ollama', 'Start', []),
      stop: () => t.call<OllamaStatus>('Ollama', 'Stop', []),
      pull: (model: string) => t.call<null>('Ollama', 'Pull', [model]),
      cancelPull: (model: string) => t.call<null>('Ollama', 'CancelPull', [model]),
    },
    on<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): () => void {
      return t.subscribe(name, handler as (payload: unknown) => void);
    },
    onReconnect: (handler: () => void) => t.onReconnect(handler),
    openExternal: (url: string) => t.openExternal(url),
  };
}

export type Api = ReturnType<typeof createApi>;
