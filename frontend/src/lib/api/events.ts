// Event names and payloads, mirroring backend/core/events.go; a Go test
// checks that both lists name the same events.
import type { FilesDropped, OllamaStatus, Settings } from './types';

export const EventNames = {
  OllamaStatus: 'ollama:status',
  SettingsChanged: 'settings:changed',
  FilesDropped: 'files:dropped',
} as const;

export interface EventPayloads {
  'ollama:status': OllamaStatus;
  'settings:changed': Settings;
  'files:dropped': FilesDropped;
}

export type EventName = keyof EventPayloads;
