import type {
  ChatRole,
  DatasetFormat,
  LengthBucket,
  RecordKind,
  RetrievalMode,
  ReviewState,
  Script,
  SelfTestSetting,
} from './api';
import { i18n, type MessageKey } from './i18n/i18n.svelte';

// Codes the backend sends (record kinds, review states, languages, chat
// roles, export formats, search methods) as words of the person's language;
// a code this page has no word for, such as one a newer backend sends,
// shows as it is rather than not at all.
function labelFrom<C extends string>(keys: Record<C, MessageKey>, code: C): string {
  return code in keys ? i18n.t(keys[code]) : code;
}

const kinds: Record<RecordKind, MessageKey> = {
  conversation: 'datasets.kind.conversation',
  qa: 'datasets.kind.qa',
  ranked: 'datasets.kind.ranked',
  prompt: 'datasets.kind.prompt',
};

const reviews: Record<ReviewState, MessageKey> = {
  pending: 'datasets.filter.pending',
  accepted: 'datasets.filter.accepted',
  rejected: 'datasets.filter.rejected',
};

const languages: Record<Script, MessageKey> = {
  zh: 'datasets.language.zh',
  en: 'datasets.language.en',
  other: 'datasets.language.otherScripts',
};

const roles: Record<ChatRole, MessageKey> = {
  system: 'role.system',
  user: 'role.user',
  assistant: 'role.assistant',
};

const formats: Record<DatasetFormat, MessageKey> = {
  messages: 'datasets.format.messages',
  sharegpt: 'datasets.format.sharegpt',
  alpaca: 'datasets.format.alpaca',
  dpo: 'datasets.format.dpo',
  ranked: 'datasets.format.ranked',
  'prompt-only': 'datasets.format.promptOnly',
  text: 'datasets.format.text',
};

export const kindLabel = (kind: RecordKind) => labelFrom(kinds, kind);
export const reviewLabel = (state: ReviewState) => labelFrom(reviews, state);
export const languageLabel = (language: Script) => labelFrom(languages, language);
export const roleLabel = (role: ChatRole) => labelFrom(roles, role);
const retrievalModes: Record<RetrievalMode, MessageKey> = {
  hybrid: 'search.mode.hybrid',
  keyword: 'search.mode.keyword',
  vector: 'search.mode.vector',
};

export const retrievalModeLabel = (mode: RetrievalMode) => labelFrom(retrievalModes, mode);

/** A setting a retrieval check-up measured: its method, uneven weights, neighbours. */
export function selfTestSettingLabel(s: SelfTestSetting): string {
  let label = retrievalModeLabel(s.mode);
  if (s.mode === 'hybrid' && s.keywordWeight !== s.vectorWeight) {
    label += i18n.t('selftest.weights', { keyword: s.keywordWeight, vector: s.vectorWeight });
  }
  if (s.neighbours > 0) label += i18n.t('selftest.withNeighbours');
  if (s.rerank) label += i18n.t('selftest.withReranker');
  return s.chunkTokens ? label + i18n.t('selftest.atChunkSize', { tokens: s.chunkTokens }) : label;
}
export const formatLabel = (format: DatasetFormat) => labelFrom(formats, format);

// What Ollama says while it pulls a model, known phrase by phrase; a layer
// is "pulling" and its digest.
const pullStatuses: Record<string, MessageKey> = {
  'pulling manifest': 'pull.status.manifest',
  'verifying sha256 digest': 'pull.status.verifying',
  'writing manifest': 'pull.status.writing',
  'removing any unused layers': 'pull.status.cleaning',
  success: 'pull.status.success',
};

export function pullStatusLabel(status: string): string {
  const layer = /^pulling ([0-9a-f]{6,})$/.exec(status);
  return layer ? i18n.t('pull.status.layer', { digest: layer[1] }) : labelFrom(pullStatuses, status);
}

/** "≤ 200" for a bounded bucket, "> 1000" for the last. */
export function lengthLabel(bucket: LengthBucket): string {
  return bucket.max > 0 ? i18n.t('datasets.length.atMost', { max: bucket.max }) : i18n.t('datasets.length.over', { min: bucket.min });
}
