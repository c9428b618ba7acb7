import { describe, expect, it } from 'vitest';
import type { InstalledModel } from './api';
import { isReranker, playsRole, type ModelRole } from './modelRoles';

const model = (name: string, capabilities: string[]) => ({ name, capabilities }) as unknown as InstalledModel;

describe('model roles', () => {
  it('knows rerankers by name, whatever the case', () => {
    expect(isReranker('hf.co/JonathanMiddleton/Qwen3-Reranker-0.6B:Q8_0')).toBe(true);
    expect(isReranker('AuditAid/Qwen3_Reranker:4B_Q5_K_M')).toBe(true);
    expect(isReranker('qwen3:4b')).toBe(false);
  });

  it.each<[string, string[], ModelRole[]]>([
    ['qwen3:4b', ['completion'], ['completion']],
    ['Qwen3-Reranker-0.6B', ['completion'], ['reranker']],
    ['bge-m3', ['embedding'], ['embedding']],
  ])('%s plays only its role', (name, capabilities, roles) => {
    const m = model(name, capabilities);
    for (const role of ['completion', 'embedding', 'reranker'] as ModelRole[]) {
      expect(playsRole(m, role)).toBe(roles.includes(role));
    }
  });
});
