import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { KBSettings, KnowledgeBase } from '../../api';
import { createStores } from '../../stores';
import { fakeApi, settingsFixture } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import KBSettingsForm from './KBSettingsForm.svelte';

const kb: KnowledgeBase = {
  id: 7,
  name: '资料',
  createdAt: '',
  sources: ['/docs'],
  displaySources: ['/docs'],
  embedModel: '',
  vectorModel: '',
  paused: false,
  chunking: { maxTokens: 300, overlapTokens: 40 },
  include: [],
  exclude: [],
  rerank: false,
  stats: { files: 0, indexed: 0, skipped: 0, failed: 0, needsOcr: 0, chunks: 0, bytes: 0 },
};

describe('the settings of a knowledge base', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  function setUp(rerankModel: string) {
    const { api, transport } = fakeApi();
    transport.on('Library.Configure', (_id: unknown, cfg: unknown) => ({ ...kb, ...(cfg as KBSettings) }));
    const stores = createStores(api);
    stores.settings.settings = settingsFixture({ rerankModel });
    shown = render(KBSettingsForm, { kb }, stores);
    return transport;
  }

  const box = () => shown.target.querySelector<HTMLInputElement>('[data-testid="kb-rerank"]')!;

  it('turns reranking on, and says when no reranker is chosen', async () => {
    const transport = setUp('');
    expect(box().checked).toBe(false);
    expect(shown.target.textContent).not.toContain('No reranker is chosen');
    box().click();
    flushSync();
    expect(shown.target.textContent).toContain('No reranker is chosen');
    shown.target.querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 0));
    const call = transport.calls.find((c) => c.method === 'Configure');
    expect(call?.args[0]).toBe(7);
    expect((call?.args[1] as KBSettings).rerank).toBe(true);
  });

  it('with a reranker chosen, has nothing to warn of', () => {
    setUp('hf.co/JonathanMiddleton/Qwen3-Reranker-0.6B:Q8_0');
    box().click();
    flushSync();
    expect(shown.target.textContent).not.toContain('No reranker is chosen');
  });
});
