import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KnowledgeBase, SelfTestRun, SelfTestScore } from '../../api';
import { i18n } from '../../i18n/i18n.svelte';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import SelfTestPanel from './SelfTestPanel.svelte';

const kb: KnowledgeBase = {
  id: 4,
  name: '报告',
  createdAt: '',
  sources: ['/docs'],
  displaySources: ['/docs'],
  embedModel: '',
  vectorModel: 'bge-m3',
  paused: false,
  chunking: { maxTokens: 300, overlapTokens: 30 },
  include: [],
  exclude: [],
  rerank: false,
  stats: { files: 3, indexed: 3, skipped: 0, failed: 0, needsOcr: 0, chunks: 40, bytes: 1000 },
};

function score(key: string, mode: 'keyword' | 'hybrid', hit5: number, mrr: number, missed = 0): SelfTestScore {
  return {
    setting: { key, mode, keywordWeight: 1, vectorWeight: 1, neighbours: 0 },
    hit1: mrr - 0.1,
    hit5,
    mrr,
    p50Millis: 3.25,
    misses: Array.from({ length: missed }, (_, i) => ({
      question: `中关村有哪些新举措？${i}`,
      path: 'key:/docs/report.pdf',
      displayPath: '/docs/report.pdf',
      page: 12,
      rank: 0,
      firstPath: 'key:/docs/notes.ipynb',
      firstDisplayPath: '/docs/notes.ipynb',
      firstPage: 0,
      firstText: '这本笔记讨论了政府工作报告',
    })),
  };
}

function runFixture(over: Partial<SelfTestRun> = {}): SelfTestRun {
  return {
    id: 9,
    kbId: kb.id,
    createdAt: '2026-12-02T10:00:00Z',
    chatModel: 'qwen3:8b',
    vectorModel: 'bge-m3',
    chunkTokens: 300,
    drawn: 50,
    questions: 47,
    unparsed: 1,
    ungrounded: 2,
    scores: [score('keyword', 'keyword', 0.83, 0.71, 2), score('hybrid', 'hybrid', 0.91, 0.78)],
    recommended: 'hybrid',
    seconds: 80,
    stale: false,
    ...over,
  };
}

describe('the retrieval check-up panel', () => {
  let shown: Rendered;
  afterEach(() => {
    shown.destroy();
    i18n.locale = 'en';
  });

  async function show(runs: SelfTestRun[]) {
    const { api, transport } = fakeApi();
    transport
      .on('SelfTest.Runs', () => runs)
      .on('SelfTest.Start', () => null)
      .on('SelfTest.Cancel', () => null)
      .on('SelfTest.Apply', () => ({}));
    const stores = createStores(api);
    stores.selftest.listen();
    shown = render(SelfTestPanel, { kb }, stores);
    await vi.waitFor(() => expect(stores.selftest.runs.length === runs.length && transport.calls.some((c) => c.method === 'Runs')).toBe(true));
    flushSync();
    return { transport, stores };
  }

  const button = (text: string) => [...shown.target.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

  it('shows each setting’s figures as numbers, the recommendation in words, and the bars with their values', async () => {
    await show([runFixture()]);
    const rows = [...shown.target.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows).toEqual([
      ['Keywords', '0.610', '0.830', '0.710', '3.3 ms', '2 missed'],
      ['Hybrid Recommended', '0.680', '0.910', '0.780', '3.3 ms', '0'],
    ]);
    const values = [...shown.target.querySelectorAll('.chart .value')].map((v) => v.textContent);
    expect(values).toEqual(['0.830', '0.710', '0.910', '0.780']);
    expect(shown.target.textContent).toContain('47 questions from 50 chunks');
    expect(shown.target.textContent).toContain('3 passages gave no question grounded in them');
  });

  it('shows the questions a setting missed one click away: where the answer is and what came first', async () => {
    await show([runFixture()]);
    const missed = button('2 missed')!;
    missed.click();
    flushSync();
    expect(missed.getAttribute('aria-expanded')).toBe('true');
    const first = shown.target.querySelector('.misses li')?.textContent?.replace(/\s+/g, ' ');
    expect(first).toContain('中关村有哪些新举措？0');
    expect(first).toContain('Answer in: /docs/report.pdf · page 12 · not in the first ten');
    expect(first).toContain('First came: /docs/notes.ipynb');
  });

  it('applies the recommendation with one click and says so', async () => {
    const { transport } = await show([runFixture()]);
    button('Apply recommended')!.click();
    await vi.waitFor(() => expect(shown.target.textContent).toContain('Applied: Hybrid.'));
    expect(transport.calls.find((c) => c.method === 'Apply')?.args).toEqual([9, '']);
  });

  it('marks a run stale in words and will not apply it', async () => {
    await show([runFixture({ stale: true })]);
    expect(shown.target.querySelector('[data-testid="selftest-stale"]')?.textContent).toContain('embedding model or chunk size has changed');
    expect(button('Apply recommended')!.disabled).toBe(true);
  });

  it('reads the runs again when the knowledge base’s vectors change, to mark the run stale', async () => {
    const { api, transport } = fakeApi();
    let runs = [runFixture()];
    transport.on('SelfTest.Runs', () => runs);
    const stores = createStores(api);
    const props = $state({ kb });
    shown = render(SelfTestPanel, props, stores);
    await vi.waitFor(() => expect(stores.selftest.runs.length).toBe(1));
    const reads = () => transport.calls.filter((c) => c.method === 'Runs').length;
    props.kb = { ...kb, stats: { ...kb.stats, files: 4 } };
    flushSync();
    expect(reads()).toBe(1);
    runs = [runFixture({ stale: true })];
    props.kb = { ...kb, vectorModel: 'nomic-embed-text' };
    await vi.waitFor(() => expect(stores.selftest.runs[0]?.stale).toBe(true));
    flushSync();
    expect(shown.target.querySelector('[data-testid="selftest-stale"]')).not.toBeNull();
  });

  it('starts with progress and cancel, and shows the finished run', async () => {
    const { transport } = await show([]);
    expect(shown.target.textContent).toContain('No check-up yet.');
    button('Start the check-up')!.click();
    await vi.waitFor(() =>
      expect(transport.calls.find((c) => c.method === 'Start')?.args).toEqual([{ kbId: 4, model: '', questions: 50, chunkTokens: 0 }]),
    );
    transport.emit('selftest:progress', { kbId: 4, phase: 'writing', done: 12, total: 50, kept: 10, finished: false, cancelled: false });
    flushSync();
    expect(shown.target.querySelector('[role="status"]')?.textContent).toBe('Writing questions: 12 of 50 passages, 10 kept');
    expect(shown.target.querySelector('progress')?.value).toBe(12);
    button('Cancel the check-up')!.click();
    expect(transport.calls.some((c) => c.method === 'Cancel')).toBe(true);

    transport.on('SelfTest.Runs', () => [runFixture()]);
    transport.emit('selftest:progress', { kbId: 4, phase: 'searching', done: 7, total: 7, kept: 47, finished: true, cancelled: false });
    await vi.waitFor(() => expect(shown.target.querySelectorAll('tbody tr').length).toBe(2));
    expect(shown.target.querySelector('progress')).toBeNull();
  });

  it('asks for a candidate chunk size only when one is given, and says when the files are cut again', async () => {
    const { transport } = await show([]);
    const size = shown.target.querySelector<HTMLInputElement>('input[placeholder="300"]')!;
    size.value = '500';
    size.dispatchEvent(new Event('input', { bubbles: true }));
    button('Start the check-up')!.click();
    await vi.waitFor(() => expect(transport.calls.find((c) => c.method === 'Start')?.args).toEqual([{ kbId: 4, model: '', questions: 50, chunkTokens: 500 }]));
    transport.emit('selftest:progress', { kbId: 4, phase: 'rechunking', done: 2, total: 3, kept: 40, finished: false, cancelled: false });
    flushSync();
    expect(shown.target.querySelector('[role="status"]')?.textContent).toBe('Cutting the files again at the other chunk size…');
  });

  it('speaks Chinese', async () => {
    i18n.locale = 'zh-CN';
    await show([runFixture()]);
    expect(shown.target.querySelector('h2')?.textContent).toBe('检索体检');
    expect(shown.target.querySelector('thead')?.textContent).toContain('前五命中');
    expect(button('应用推荐设置')).toBeDefined();
  });
});
