// The JSON shapes of the Go types in backend/core, mirrored by hand. Field
// names match the Go json tags exactly.

export type Locale = 'en' | 'zh-CN';
export type LanguageSetting = 'system' | Locale;
export type ThemeSetting = 'system' | 'light' | 'dark';

/** A problem the person can act on; the message is already in both languages. */
export interface Problem {
  code: string;
  message: Partial<Record<Locale, string>>;
  detail?: string;
}

export interface Settings {
  language: LanguageSetting;
  theme: ThemeSetting;
  ollamaHost: string;
  defaultChatModel: string;
  defaultEmbedModel: string;
}

export type OllamaState = 'checking' | 'running' | 'stopped' | 'absent' | 'error';

export interface OllamaStatus {
  state: OllamaState;
  host: string;
  version?: string;
  models: number;
  hostIsLocal: boolean;
  startedByZhiku: boolean;
  problem?: Problem;
  checkedAt: string;
}

export interface AppInfo {
  version: string;
  commit: string;
  goVersion: string;
  os: string;
  arch: string;
  dataDir: string;
  systemLocale: Locale;
  notices: Problem[];
  blocker?: Problem;
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  summary: string;
  problem?: Problem;
}

export interface FilesDropped {
  paths: string[];
}

export interface ChunkSettings {
  maxTokens: number;
  overlapTokens: number;
}

export interface KBStats {
  files: number;
  indexed: number;
  skipped: number;
  failed: number;
  needsOcr: number;
  chunks: number;
  bytes: number;
}

export interface KnowledgeBase {
  id: number;
  name: string;
  createdAt: string;
  sources: string[];
  embedModel: string;
  /** The model whose vectors answer queries; '' before the first is complete. */
  vectorModel: string;
  chunking: ChunkSettings;
  include: string[];
  exclude: string[];
  stats: KBStats;
  watchProblem?: Problem;
}

export type FileStatus = 'indexed' | 'skipped' | 'failed' | 'needsOcr' | 'indexing';

export interface FileRecord {
  path: string;
  size: number;
  modTime: string;
  hash: string;
  status: FileStatus;
  reason?: Problem;
  format: string;
  encoding: string;
  chunks: number;
}

export type IndexPhase = 'scanning' | 'indexing' | 'done' | 'cancelled' | 'failed';

export interface FileFailure {
  path: string;
  problem: Problem;
}

export interface IndexProgress {
  kbId: number;
  phase: IndexPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  chunks: number;
  filesPerSecond: number;
  etaSeconds: number;
  current: string;
  changed: number;
  removed: number;
  failures: FileFailure[];
  problem?: Problem;
  embedModel: string;
  embedded: number;
  embedPending: number;
  embedProblem?: Problem;
}

export interface KBSettings {
  embedModel: string;
  chunking: ChunkSettings;
  include: string[];
  exclude: string[];
}
