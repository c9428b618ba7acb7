import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchQuery, SearchResult } from '../api';
import { fakeApi } from '../testing/fakes';
import { SearchStore, searchDelayMs, searchPageSize } from './search.svelte';

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

function result(hits: SearchHit[], over: Partial<SearchResult> = {}): SearchResult {
  return { hits, total: hits.length, totalExact: true, keywordMatches: hits.length, more: false, mode: 'keyword', catchingUp: false, millis: 2, ...over };
}

/** A fake ranked list of n results, answered a page at a time as the backend does. */
function pagedList(n: number) {
  const all = Array.from({ length: n }, (_, i) => hit({ chunkId: i + 1 }));
  return vi.fn((q: unknown) => {
    const { offset = 0, limit = 10 } = q as SearchQuery;
    return result(all.slice(offset, offset + limit), { total: n, more: offset + limit < n });
  });
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
    expect(query).toHaveBeenCalledWith({ text: '兵马俑', kbIds: [7], limit: searchPageSize });
    expect(store.hits).toHaveLength(1);

    store.setScope(null);
    store.setMode('vector');
    await vi.advanceTimersByTimeAsync(searchDelayMs);
    expect(query).toHaveBeenLastCalledWith({ text: '兵马俑', kbIds: [], limit: searchPageSize, mode: 'vector' });

    store.setFilters('pdf', ' 报告 ');
    await vi.advanceTimersByTimeAsync(searchDelayMs);
    expect(query).toHaveBeenLastCalledWith({
      text: '兵马俑',
      kbIds: [],
      limit: searchPageSize,
      mode: 'vector',
      types: ['pdf'],
      path: '报告',
    });
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
    await store.move(-1);
    expect(store.selected).toBe(2);
    await store.move(1);
    expect(store.selected).toBe(0);
  });

  it('loads the next pages after the results it has, until there are no more', async () => {
    const { api, transport } = fakeApi();
    const query = pagedList(25);
    transport.on('Search.Query', query);
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    expect(store.hits).toHaveLength(10);
    expect(store.result?.total).toBe(25);
    expect(store.hasMore).toBe(true);
    await Promise.all([store.loadMore(), store.loadMore()]); // one page at a time
    expect(query).toHaveBeenCalledTimes(2);
    expect(query).toHaveBeenLastCalledWith({ text: '西安', kbIds: [], limit: searchPageSize, offset: 10 });
    await store.loadMore();
    expect(query).toHaveBeenLastCalledWith({ text: '西安', kbIds: [], limit: searchPageSize, offset: 20 });
    expect(store.hits.map((h) => h.chunkId)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(store.hasMore).toBe(false);
    await store.loadMore();
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('drops a page that arrives after the query changed', async () => {
    const { api, transport } = fakeApi();
    const pages: ((r: SearchResult) => void)[] = [];
    transport.on('Search.Query', (q: unknown) => {
      if (!(q as SearchQuery).offset) return result([hit({ chunkId: (q as SearchQuery).text === '旧' ? 1 : 9 })], { more: true });
      return new Promise<SearchResult>((resolve) => pages.push(resolve));
    });
    const store = new SearchStore(api);
    store.setText('旧');
    await store.run();
    const more = store.loadMore();
    store.setText('新');
    await store.run();
    pages[0](result([hit({ chunkId: 2 })]));
    await more;
    expect(store.hits.map((h) => h.chunkId)).toEqual([9]);
    expect(store.loadingMore).toBe(false);
  });

  it('does not list a result twice when the index changed between pages, and still moves on', async () => {
    const { api, transport } = fakeApi();
    const pages: Record<number, SearchResult> = {
      0: result([hit({ chunkId: 1 }), hit({ chunkId: 2 })], { more: true }),
      2: result([hit({ chunkId: 2 })], { more: true }),
      3: result([hit({ chunkId: 3 })]),
    };
    const query = vi.fn((q: unknown) => pages[(q as SearchQuery).offset ?? 0]);
    transport.on('Search.Query', query);
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    await store.loadMore();
    expect(store.hits.map((h) => h.chunkId)).toEqual([1, 2]);
    await store.loadMore();
    expect(query).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 3 }));
    expect(store.hits.map((h) => h.chunkId)).toEqual([1, 2, 3]);
  });

  it('follows a short page, as one full of copies is, with the next', async () => {
    const { api, transport } = fakeApi();
    const query = vi.fn((q: unknown) =>
      (q as SearchQuery).offset ? result([hit({ chunkId: 9 })]) : result([hit({ chunkId: 1 }), hit({ chunkId: 2 })], { more: true }),
    );
    transport.on('Search.Query', query);
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    await store.loadMore();
    expect(query).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 2 }));
    expect(store.hits.map((h) => h.chunkId)).toEqual([1, 2, 9]);
  });

  it('moving past the last result loads the next page and selects its first', async () => {
    const { api, transport } = fakeApi();
    transport.on('Search.Query', pagedList(12));
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    store.selected = 9;
    await store.move(1);
    expect(store.hits).toHaveLength(12);
    expect(store.selected).toBe(10);
    store.selected = 11;
    await store.move(1);
    expect(store.selected).toBe(0);
  });

  it('counts what is listed with the identical results folded into it', async () => {
    const { api, transport } = fakeApi();
    transport.on('Search.Query', () => result([hit({ chunkId: 1, duplicates: 2 }), hit({ chunkId: 2 })], { total: 9 }));
    const store = new SearchStore(api);
    store.setText('西安');
    await store.run();
    expect(store.listed).toBe(4);
  });

  it('says beside a result what opening it did, or why it could not', async () => {
    const { api, transport } = fakeApi();
    const opened = vi.fn();
    transport
      .on('Search.OpenFile', opened)
      .on('Search.RevealFile', () => {
        throw notInLibrary;
      });
    const store = new SearchStore(api);
    await store.openHit(hit({ chunkId: 4, page: 3 }));
    expect(opened).toHaveBeenCalledWith('/docs/西安.md', 3);
    expect(store.feedback).toEqual({ chunkId: 4, action: 'opened' });
    await store.revealHit(hit({ chunkId: 5 }));
    expect(store.feedback).toMatchObject({ chunkId: 5, action: 'failed', problem: { code: 'search.path_not_in_library' } });
    expect(store.problem).toBeNull();
  });

  it('forgets what was opened when the results change', async () => {
    const { api, transport } = fakeApi();
    transport.on('Search.Query', () => result([hit()])).on('Search.OpenFile', () => null);
    const store = new SearchStore(api);
    await store.openHit(hit());
    store.setText('西安');
    await store.run();
    expect(store.feedback).toBeNull();
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
