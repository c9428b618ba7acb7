// Event names and payloads, mirroring backend/core/events.go; a Go test
// checks that both lists name the same events.
import type {
  ChatStream,
  CompareColumn,
  DownloadProgress,
  GenerateProgress,
  FilesDropped,
  IndexProgress,
  KnowledgeBase,
  LibraryOpened,
  OllamaStatus,
  PullProgress,
  SelfTestProgress,
  Settings,
} from './types';

export const EventNames = {
  OllamaStatus: 'ollama:status',
  SettingsChanged: 'settings:changed',
  FilesDropped: 'files:dropped',
  IndexProgress: 'index:progress',
  LibraryChanged: 'library:changed',
  LibraryOpened: 'library:opened',
  ChatStream: 'chat:stream',
  ChatsChanged: 'chats:changed',
  ModelPull: 'model:pull',
  ModelDownload: 'model:download',
  CompareStream: 'compare:stream',
  DatasetProgress: 'dataset:progress',
  SelfTestProgress: 'selftest:progress',
} as const;

export interface EventPayloads {
  'ollama:status': OllamaStatus;
  'settings:changed': Settings;
  'files:dropped': FilesDropped;
  'index:progress': IndexProgress;
  'library:changed': KnowledgeBase[];
  'library:opened': LibraryOpened;
  'chat:stream': ChatStream;
  'chats:changed': null;
  'model:pull': PullProgress;
  'model:download': DownloadProgress;
  'compare:stream': CompareColumn;
  'dataset:progress': GenerateProgress;
  'selftest:progress': SelfTestProgress;
}

export type EventName = keyof EventPayloads;
