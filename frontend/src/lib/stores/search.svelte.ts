import {
  attempt,
  toApiError,
  type Api,
  type Problem,
  type RetrievalMode,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '../api';

/** How long typing must pause before a search runs. */
export const searchDelayMs = 120;

/**
 * Results asked for at a time: the first page as the list opens, then one
 * more each time its end comes into view.
 */
export const searchPageSize = 10;

/** What came of Enter on a result, shown beside it. */
export type HitFeedback =
  | { chunkId: number; action: 'opened' | 'revealed' }
  | { chunkId: number; action: 'failed'; problem: Problem };

/**
 * The search palette (Ctrl/Cmd+K): a query answered as it is typed, over
 * one knowledge base or all of them, with the selected result opened by
 * Enter. Answers arriving out of order are dropped, so the list always
 * matches the text in the box. Results come a page at a time, the next
 * one loaded as the list's end comes into view.
 */
export class SearchStore {
  isOpen = $state(false);
  text = $state('');
  /** The knowledge base searched; null searches all. */
  scope = $state<number | null>(null);
  /** Overrides the retrieval mode of Settings; null follows it. */
  mode = $state<RetrievalMode | null>(null);
  /** Keeps one file type ('' for all) and paths containing pathFilter. */
  fileType = $state('');
  pathFilter = $state('');
  /** The latest page's answer: its count and mode stand for the whole list. */
  result = $state<SearchResult | null>(null);
  /** Every result loaded so far, page after page. */
  hits = $state<SearchHit[]>([]);
  selected = $state(0);
  searching = $state(false);
  loadingMore = $state(false);
  problem = $state<Problem | null>(null);
  /** What came of opening or revealing a result. */
  feedback = $state<HitFeedback | null>(null);

  /** More results follow the ones loaded. */
  hasMore = $derived(this.result?.more ?? false);
  /**
   * Results listed, identical ones folded into them included: less than
   * the total when the list ends before every passage found.
   */
  listed = $derived(this.hits.reduce((n, h) => n + 1 + h.duplicates, 0));

  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** The query the loaded results answer, for its next pages. */
  private query: SearchQuery | null = null;
  /**
   * Where the next page starts in the backend's list: the results it has
   * sent, even one dropped here as already listed, so each page moves on.
   */
  private nextOffset = 0;

  constructor(private readonly api: Api) {}

  open(scope: number | null = null): void {
    this.scope = scope;
    this.isOpen = true;
    if (this.text.trim()) this.schedule();
  }

  close(): void {
    this.isOpen = false;
    clearTimeout(this.timer);
  }

  setText(text: string): void {
    this.text = text;
    this.schedule();
  }

  setScope(scope: number | null): void {
    this.scope = scope;
    this.schedule();
  }

  setMode(mode: RetrievalMode | null): void {
    this.mode = mode;
    this.schedule();
  }

  setFilters(fileType: string, pathFilter: string): void {
    this.fileType = fileType;
    this.pathFilter = pathFilter;
    this.schedule();
  }

  /**
   * Moves the selection. Past the last result it loads the next page and
   * moves onto it; where none follows it wraps round, as at the top.
   */
  async move(delta: number): Promise<void> {
    const n = this.hits.length;
    if (n === 0) return;
    const next = this.selected + delta;
    if (next >= n && this.hasMore) {
      await this.loadMore();
      if (this.hits.length > n) this.selected = n;
      return;
    }
    this.selected = (next + n) % n;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), searchDelayMs);
  }

  /** Runs the query now, from its first result. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const text = this.text.trim();
    this.loadingMore = false;
    if (!text) {
      this.result = null;
      this.hits = [];
      this.query = null;
      this.problem = null;
      this.searching = false;
      return;
    }
    const query: SearchQuery = {
      text,
      kbIds: this.scope === null ? [] : [this.scope],
      limit: searchPageSize,
      ...(this.mode ? { mode: this.mode } : {}),
      ...(this.fileType ? { types: [this.fileType] } : {}),
      ...(this.pathFilter.trim() ? { path: this.pathFilter.trim() } : {}),
    };
    this.searching = true;
    try {
      const result = await this.api.Search.Query(query);
      if (seq !== this.seq) return;
      this.query = query;
      this.nextOffset = result.hits.length;
      this.result = result;
      this.hits = result.hits;
      this.selected = 0;
      this.feedback = null;
      this.problem = null;
    } catch (err) {
      if (seq !== this.seq) return;
      this.problem = toApiError(err).problem;
    } finally {
      if (seq === this.seq) this.searching = false;
    }
  }

  /**
   * Loads the page after the results loaded, once at a time. A page that
   * arrives after the query changed is dropped; a result already listed
   * (the index changed between pages) is not listed twice.
   */
  async loadMore(): Promise<void> {
    if (!this.query || !this.hasMore || this.loadingMore || this.searching) return;
    const seq = this.seq;
    const query = { ...this.query, offset: this.nextOffset };
    this.loadingMore = true;
    try {
      const result = await this.api.Search.Query(query);
      if (seq !== this.seq) return;
      const listed = new Set(this.hits.map((h) => h.chunkId));
      this.nextOffset += result.hits.length;
      this.hits = [...this.hits, ...result.hits.filter((h) => !listed.has(h.chunkId))];
      this.result = result;
    } catch (err) {
      if (seq !== this.seq) return;
      this.problem = toApiError(err).problem;
    } finally {
      if (seq === this.seq) this.loadingMore = false;
    }
  }

  async openHit(hit: SearchHit): Promise<void> {
    await this.act(hit, 'opened', () => this.api.Search.OpenFile(hit.path, hit.page));
  }

  async revealHit(hit: SearchHit): Promise<void> {
    await this.act(hit, 'revealed', () => this.api.Search.RevealFile(hit.path));
  }

  private async act(hit: SearchHit, action: 'opened' | 'revealed', run: () => Promise<unknown>): Promise<void> {
    this.feedback = null;
    const problem = await attempt(run);
    this.feedback = problem ? { chunkId: hit.chunkId, action: 'failed', problem } : { chunkId: hit.chunkId, action };
  }
}
