import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { KBSettings, KnowledgeBase } from '../../api';
import { createStores } from '../../stores';
import { fakeApi, settingsFixture } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import RerankKBs from './RerankKBs.svelte';

const kb = (id: number, name: string, rerank: boolean): KnowledgeBase => ({
  id,
  name,
  createdAt: '',
  sources: [],
  displaySources: [],
  embedModel: 'bge-m3',
  vectorModel: '',
  paused: false,
  chunking: { maxTokens: 200, overlapTokens: 20 },
  include: ['*.md'],
  exclude: [],
  rerank,
  stats: { files: 0, indexed: 0, skipped: 0, failed: 0, needsOcr: 0, chunks: 0, bytes: 0 },
});

describe('reranking in the search settings', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  it('turns it on for one knowledge base, keeping its other settings', async () => {
    const { api, transport } = fakeApi();
    transport.on('Library.Configure', () => null);
    const stores = createStores(api);
    stores.library.kbs = [kb(1, '手册', false), kb(2, '论文', true)];
    stores.settings.settings = settingsFixture({ rerankModel: '' });
    shown = render(RerankKBs, {}, stores);
    const boxes = [...shown.target.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    expect(boxes.map((b) => b.checked)).toEqual([false, true]);
    expect(shown.target.textContent).toContain('No reranker is chosen');

    boxes[0].click();
    flushSync();
    await new Promise((r) => setTimeout(r, 0));
    const call = transport.calls.find((c) => c.method === 'Configure');
    expect(call?.args[0]).toBe(1);
    expect(call?.args[1] as KBSettings).toEqual({ embedModel: 'bge-m3', chunking: { maxTokens: 200, overlapTokens: 20 }, include: ['*.md'], exclude: [], rerank: true });
  });
});
