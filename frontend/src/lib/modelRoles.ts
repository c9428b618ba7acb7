import type { InstalledModel } from './api';

// Ollama sees a reranker as a model that writes text; its name tells it
// apart, as the backend's llm.IsReranker does, so it is offered for
// reranking and never for chat.
export function isReranker(name: string): boolean {
  return name.toLowerCase().includes('rerank');
}

/** A role a model can play in Settings: answering, embedding, reranking. */
export type ModelRole = 'completion' | 'embedding' | 'reranker';

export function playsRole(m: InstalledModel, role: ModelRole): boolean {
  switch (role) {
    case 'reranker':
      return m.capabilities.includes('completion') && isReranker(m.name);
    case 'completion':
      return m.capabilities.includes('completion') && !isReranker(m.name);
    case 'embedding':
      return m.capabilities.includes('embedding');
  }
}
