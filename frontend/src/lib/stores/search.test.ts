import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchQuery, SearchResult } from '../api';
import { fakeApi } from '../testing/fakes';
import { SearchStore, searchDelayMs } from './search.svelte';

function hit(over: Partial<SearchHit> = {}): SearchHit {
  return {
    chunkId: 1,
    kbId: 1,
    kbName: '旅行',
    path: '/docs/西安.md',
    displayPath: '/docs/西安.md',
    format: 'markdown',
    page: 0,
    headings: ['西安'],
    ordinal: 0,
    text: '兵马俑位于西安。',
    start: 0,
    end: 8,
    snippet: [{ text: '兵马俑', match: true }, { text: '位于西安。' }],
    context: '兵马俑位于西安。',
    score: 0.03,
    keywordRank: 1,
    vectorRank: 0,
    similarity: 0,
    duplicates: 0,
    ...over,
  };
}

function result(hits: SearchHit[]): SearchResult {
  return { hits, mode: 'keyword', catchingUp: false, millis: 2 };
}

const notInLibrary = { code: 'search.path_not_in_library', message: { en: 'no', 'zh-CN': '不' } };

describe('SearchStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('searches once typing pauses, in the chosen scope and mode', async () => {
    const { api, transport } = fakeApi();
    const query = vi.fn((q: unknown) => result([hit({ kbId: (q as SearchQuery).kbIds[0] ?? 1 })]));
    transport.on('Search.Query', query);
    const store = new SearchStore(api);
    store.open(7);
    store.setText('兵');
    store.setText('兵马');
    store.setText('兵马俑');
    expect(query).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(searchDelayMs);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query).toHaveBeenCalledWith({ text: '兵马俑', kbIds: [7] });
    expect(store.hits).toHaveLength(1);

    store.setScope(null);
    store.setMode('vector');
    await vi.advanceTimersByTimeAsync(searchDelayMs);
    expect(query).toHaveBeenLastCalledWith({ text: '兵马俑', kbIds: [], mode: 'vector' });

    store.setFilters('pdf', ' 报告 ');
    await vi.advanceTimersByTimeAsync(searchDelayMs);
    expect(query).toHaveBeenLastCalledWith({ text: '兵马俑', kbIds: [], mode: 'vector', types: ['pdf'], path: '报告' });
  });

  it('drops an answer that arrives after a newer one', async () => {
    const { api, transport } = fakeApi();
    const answers: ((r: SearchResult) => void)[] = [];
    transport.on('Search.Query', () => new Promise<SearchResult>((resolve) => answers.push(resolve)));
    const store = new SearchStore(api);
    store.setText('旧');
    const first = store.run();
    store.setText('新');
    const second = store.run();
    answers[1](result([hit({ chunkId: 2 })]));
    await second;
    answers[0](result([hit({ chunkId: 1 })]));
    await first;
    expect(store.hits.map((h) => h.chunkId)).toEqual([2]);
    expect(store.searching).toBe(false);
  });

  it('clears the results when the box is emptied, without asking', async () => {
    const { api, transport } = fakeApi();
    const query = vi.fn(() => result([hit()]));
    transport.on('Search.Query', query);
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    store.setText('  ');
    await store.run();
    expect(store.result).toBeNull();
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('moves the selection round the results', async () => {
    const { api, transport } = fakeApi();
    transport.on('Search.Query', () => result([hit({ chunkId: 1 }), hit({ chunkId: 2 }), hit({ chunkId: 3 })]));
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    store.move(-1);
    expect(store.selected).toBe(2);
    store.move(1);
    expect(store.selected).toBe(0);
  });

  it('opens and reveals files, and shows a refusal', async () => {
    const { api, transport } = fakeApi();
    const opened = vi.fn();
    transport
      .on('Search.OpenFile', opened)
      .on('Search.RevealFile', () => {
        throw notInLibrary;
      });
    const store = new SearchStore(api);
    await store.openHit(hit({ page: 3 }));
    expect(opened).toHaveBeenCalledWith('/docs/西安.md', 3);
    expect(store.problem).toBeNull();
    await store.revealHit(hit());
    expect(store.problem?.code).toBe('search.path_not_in_library');
  });

  it('shows a failed search as a problem and keeps the box usable', async () => {
    const { api, transport } = fakeApi();
    transport.on('Search.Query', () => {
      throw notInLibrary;
    });
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    expect(store.problem?.code).toBe('search.path_not_in_library');
    expect(store.searching).toBe(false);
  });
});
