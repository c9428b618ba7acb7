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
  retrieval: RetrievalSettings;
}

export type RetrievalMode = 'hybrid' | 'keyword' | 'vector';

/** Mirrors core.RetrievalSettings. */
export interface RetrievalSettings {
  mode: RetrievalMode;
  keywordWeight: number;
  vectorWeight: number;
  rrfK: number;
  neighbours: number;
  diversity: boolean;
  diversityLambda: number;
}

/** Mirrors core.SearchQuery. */
export interface SearchQuery {
  text: string;
  /** Empty searches every knowledge base. */
  kbIds: number[];
  limit?: number;
  /** Skips that many results, for the next page of the same query. */
  offset?: number;
  mode?: RetrievalMode;
  folder?: string;
  types?: string[];
  path?: string;
}

/** A run of snippet text; matched runs are highlighted. */
export interface Segment {
  text: string;
  match?: boolean;
}

export interface SearchHit {
  chunkId: number;
  kbId: number;
  kbName: string;
  /**
   * The file's key (core.PathKey): its path, escaped where the name is not
   * UTF-8. Send it back as it is; show displayPath.
   */
  path: string;
  /** The path as people read it. */
  displayPath: string;
  format: string;
  page: number;
  headings: string[];
  ordinal: number;
  text: string;
  start: number;
  end: number;
  snippet: Segment[];
  context: string;
  score: number;
  keywordRank: number;
  vectorRank: number;
  similarity: number;
  duplicates: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Passages found, identical ones included; a lower bound unless totalExact. */
  total: number;
  totalExact: boolean;
  /** Passages holding the query's words. */
  keywordMatches: number;
  /** Results follow this page: ask again with offset moved on. */
  more: boolean;
  mode: RetrievalMode;
  vectorProblem?: Problem;
  notices?: Problem[];
  catchingUp: boolean;
  millis: number;
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

/** A short message in each UI language (core.Text). */
export type Text = Partial<Record<Locale, string>>;

export interface Check {
  name: string;
  status: CheckStatus;
  summary: Text;
  problem?: Problem;
}

export interface FilesDropped {
  /** Keys (see SearchHit.path), to send back as they are. */
  paths: string[];
}

/** A folder opened with Zhiku from outside the window ("zhiku FOLDER") found or made this knowledge base. */
export interface LibraryOpened {
  kbId: number;
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
  /** The folders and files indexed, as keys (see SearchHit.path). */
  sources: string[];
  /** The sources as people read them. */
  displaySources: string[];
  embedModel: string;
  /** The model whose vectors answer queries; '' before the first is complete. */
  vectorModel: string;
  /** Paused by the person: nothing syncs it until it is resumed. */
  paused: boolean;
  chunking: ChunkSettings;
  include: string[];
  exclude: string[];
  stats: KBStats;
  watchProblem?: Problem;
}

export type FileStatus = 'indexed' | 'skipped' | 'failed' | 'needsOcr' | 'indexing';

export interface FileRecord {
  /**
   * The file's key (core.PathKey): its path, escaped where the name is not
   * UTF-8. Send it back as it is; show displayPath.
   */
  path: string;
  /** The path as people read it. */
  displayPath: string;
  size: number;
  modTime: string;
  hash: string;
  status: FileStatus;
  reason?: Problem;
  format: string;
  encoding: string;
  chunks: number;
}

export type IndexPhase = 'scanning' | 'indexing' | 'done' | 'cancelled' | 'paused' | 'failed';

export interface FileFailure {
  /**
   * The file's key (core.PathKey): its path, escaped where the name is not
   * UTF-8. Send it back as it is; show displayPath.
   */
  path: string;
  /** The path as people read it. */
  displayPath: string;
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
  /** The time left, from the bytes left of each format and how fast each reads. */
  etaSeconds: number;
  /** Set while too little is done for etaSeconds to mean anything. */
  estimating: boolean;
  /** The file being read, as people read it. */
  current: string;
  /** The knowledge base's counts as the sync has left them so far. */
  stats?: KBStats;
  /** Files recorded since the previous report, to merge into the file list. */
  files?: FileRecord[];
  /** Paths (keys) that left the knowledge base since the previous report. */
  gone?: string[];
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

/** Mirrors core.ChatSettings; unset fields follow the app's defaults. */
export interface ChatSettings {
  model: string;
  temperature?: number;
  topP?: number;
  /** 0 picks the default window, capped at the model's limit. */
  numCtx: number;
  /** Passages retrieved per question; 0 means 6. */
  sources: number;
  retrieval?: RetrievalSettings;
  folder?: string;
  types?: string[];
  path?: string;
  systemPrompt?: string;
  noRewrite?: boolean;
}

export interface Chat {
  id: number;
  title: string;
  kbIds: number[];
  settings: ChatSettings;
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  turns?: Turn[];
  match?: string;
}

export interface Turn {
  id: number;
  chatId: number;
  question: string;
  answers: Answer[];
  chosen: number;
  createdAt: string;
}

export type AnswerStatus = 'streaming' | 'done' | 'stopped' | 'failed' | 'interrupted';

export interface Answer {
  id: number;
  turnId: number;
  content: string;
  status: AnswerStatus;
  problem?: Problem;
  model: string;
  sources: Source[];
  rating: number;
  report?: PromptReport;
  createdAt: string;
  finishedAt?: string;
}

/** A passage given to the model as [n]. */
export interface Source {
  n: number;
  chunkId: number;
  kbId: number;
  /**
   * The file's key (core.PathKey): its path, escaped where the name is not
   * UTF-8. Send it back as it is; show displayPath.
   */
  path: string;
  /** The path as people read it. */
  displayPath: string;
  page: number;
  headings: string[] | null;
  text: string;
  context: string;
  start: number;
  end: number;
  score: number;
  tokens: number;
  cited: boolean;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LeftOut {
  kind: 'source' | 'turn' | 'notes';
  label: string;
  tokens: number;
  reason: string;
}

/** What the prompt inspector shows. */
export interface PromptReport {
  model: string;
  queries: string[] | null;
  messages: ChatMessage[] | null;
  messageTokens: number[] | null;
  modelContext: number;
  numCtx: number;
  reserved: number;
  promptTokens: number;
  reportedPromptTokens: number;
  outputTokens: number;
  scaleHan: number;
  scaleOther: number;
  left: LeftOut[] | null;
  modelMillis: number;
  retrievalMillis: number;
  promptMillis: number;
  firstTokenMillis: number;
  totalMillis: number;
  retrievalMode?: RetrievalMode;
  vectorProblem?: Problem;
  wholeDocuments?: string[];
}

export interface AskRequest {
  chatId: number;
  question: string;
  documents?: string[];
}

export type ChatPhase = 'rewriting' | 'retrieving' | 'reading' | 'generating' | 'done';

/** Payload of chat:stream: the answer so far, whole each time. */
export interface ChatStream {
  chatId: number;
  turnId: number;
  answerId: number;
  content: string;
  status: AnswerStatus;
  phase: ChatPhase;
  step?: number;
  steps?: number;
  answer?: Answer;
}

export interface ChatExport {
  fileName: string;
  mimeType: string;
  content: string;
}

/** Mirrors core.PullProgress: a model downloading through Ollama. */
/** The pair a first run downloads: one model writes answers, one finds passages. */
export interface StarterModels {
  chat: string;
  embed: string;
}

export interface PullProgress {
  model: string;
  status: string;
  digest?: string;
  completed: number;
  total: number;
  layers?: { digest: string; completed: number; total: number }[];
  bytesPerSecond?: number;
  etaSeconds?: number;
  done: boolean;
  problem?: Problem;
}

export interface ModelDetails {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  sizeBytes: number;
  digest: string;
  modifiedAt: string;
  architecture: string;
  parameterCount: number;
  contextLength: number;
  embeddingLength: number;
  layers: number;
  headCount: number;
  headCountKV: number;
  vocabSize: number;
  capabilities: string[];
  template: string;
}

export interface RunningModel {
  name: string;
  sizeBytes: number;
  vramBytes: number;
  contextLength: number;
  expiresAt: string;
}

export interface InstalledModel extends ModelDetails {
  running?: RunningModel;
}

export interface GPU {
  name: string;
  vramBytes: number;
}

export interface Machine {
  os: string;
  arch: string;
  cpus: number;
  ramBytes: number;
  availableBytes: number;
  gpus: GPU[];
  unified: boolean;
}

export type FitVerdict = 'fits' | 'tight' | 'no';

export interface FitStep {
  term: 'weights' | 'kv' | 'overhead' | 'total' | 'budget';
  formula: Text;
  bytes: number;
}

export interface FitReport {
  model: string;
  context: number;
  weightsBytes: number;
  kvBytes: number;
  overheadBytes: number;
  totalBytes: number;
  budgetBytes: number;
  device: 'gpu' | 'gpu+cpu' | 'unified' | 'cpu';
  verdict: FitVerdict;
  steps: FitStep[];
}

export interface FitRequest {
  model?: string;
  catalog?: string;
  path?: string;
  context: number;
}

export interface CatalogEntry {
  name: string;
  family: string;
  kind: 'chat' | 'embedding';
  parameters: number;
  quantization: string;
  sizeBytes: number;
  context: number;
  languages: string[];
  licence: string;
  chineseFirst: boolean;
  notes: Partial<Record<Locale, string>>;
  huggingFace?: string;
  modelScope?: string;
  fit: FitReport;
  recommended: boolean;
}

export type HubKind = 'huggingface' | 'modelscope';

export interface HubRequest {
  hub: HubKind;
  endpoint?: string;
  repo: string;
}

export interface HubFile {
  path: string;
  size: number;
  sha256: string;
  quantization?: string;
}

/** Mirrors core.DownloadProgress: a file downloading from a hub. */
export interface DownloadProgress {
  id: string;
  file: string;
  path: string;
  completed: number;
  total: number;
  bytesPerSecond: number;
  etaSeconds: number;
  resumed: boolean;
  verifying: boolean;
  done: boolean;
  problem?: Problem;
}

export type DelimiterStyle = '' | 'xml' | 'quotes' | 'hashes';

export interface Example {
  input: string;
  output: string;
}

/** Mirrors core.Assistant. */
export interface Assistant {
  id: number;
  name: string;
  description: string;
  language: string;
  role: string;
  task: string;
  context: string;
  steps: string[] | null;
  examples: Example[] | null;
  delimiter: DelimiterStyle;
  outputFormat: string;
  length: string;
  extra: string;
  model: string;
  temperature?: number;
  topP?: number;
  builtin: boolean;
}

export interface LintHint {
  rule: string;
  field: string;
  message: Partial<Record<Locale, string>>;
}

export interface Rendered {
  prompt: string;
  variables: string[];
  missing: string[];
  tokens: number;
}

export interface Variant {
  label: string;
  assistant: Assistant;
  model: string;
  temperature?: number;
}

export interface CompareRequest {
  input: string;
  variables?: Record<string, string>;
  variants: Variant[];
}

export interface CompareColumn {
  compareId: string;
  column: number;
  content: string;
  done: boolean;
  stopped: boolean;
  problem?: Problem;
  system: string;
  firstTokenMillis: number;
  tokensPerSecond: number;
  promptTokens: number;
  outputTokens: number;
}

export interface PreferenceOutput {
  system: string;
  model: string;
  output: string;
}

export interface Preference {
  id: number;
  input: string;
  chosen: PreferenceOutput;
  rejected: PreferenceOutput[];
  source: string;
  createdAt: string;
}

export interface GalleryItem {
  title: string;
  lesson: string;
  input: string;
  weak: Assistant;
  strong: Assistant;
}

export type RecordKind = 'conversation' | 'qa' | 'ranked' | 'prompt';
export type ReviewState = 'pending' | 'accepted' | 'rejected';

/** Mirrors core.Record: one example of a data set. */
export interface DataRecord {
  id: number;
  kind: RecordKind;
  system?: string;
  messages?: ChatMessage[];
  prompt?: string;
  answer?: string;
  responses?: string[];
  provenance?: string;
  review?: ReviewState;
  grounded?: boolean;
}

export interface Dataset {
  id: number;
  name: string;
  createdAt: string;
  records: number;
}

export interface QualityReport {
  total: number;
  byKind: Record<string, number>;
  byState: Record<string, number>;
  recommended: number;
  exactDuplicates: number;
  nearDuplicates: number;
  empty: number[];
  overLong: number[];
  languages: Record<string, number>;
  /** Shortest first; the last has no max (0) and holds the longer answers. */
  answerLengths: LengthBucket[];
  lexicalDiversity: number;
  groundingChecked: number;
  groundingFailed: number;
}

/** Answers longer than min characters and at most max (0: no bound). */
export interface LengthBucket {
  min: number;
  max: number;
  count: number;
}

export interface GenerateProgress {
  datasetId: number;
  done: number;
  total: number;
  added: number;
  ungrounded: number;
  unparsed: number;
  finished: boolean;
  cancelled: boolean;
  problem?: Problem;
}

export type ExportFormat = 'messages' | 'sharegpt' | 'alpaca' | 'dpo' | 'ranked' | 'prompt-only' | 'text';

/** One problem the window showed, as the error log keeps it, newest first. */
export interface LogEntry {
  time: string;
  /** The call ("Library.Create") or the work ("index", "pull") it ended. */
  operation: string;
  code: string;
  /** The file or model it concerned, when the message does not name it. */
  subject?: string;
  message: Partial<Record<Locale, string>>;
  detail?: string;
}
