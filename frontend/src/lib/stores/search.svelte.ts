import { attempt, toApiError, type Api, type Problem, type RetrievalMode, type SearchHit, type SearchResult } from '../api';

/** How long typing must pause before a search runs. */
export const searchDelayMs = 120;

/**
 * The search palette (Ctrl/Cmd+K): a query answered as it is typed, over
 * one knowledge base or all of them, with the selected result opened by
 * Enter. Answers arriving out of order are dropped, so the list always
 * matches the text in the box.
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
  result = $state<SearchResult | null>(null);
  selected = $state(0);
  searching = $state(false);
  problem = $state<Problem | null>(null);

  hits = $derived<SearchHit[]>(this.result?.hits ?? []);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

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

  /** Moves the selection, wrapping at either end. */
  move(delta: number): void {
    const n = this.hits.length;
    if (n > 0) this.selected = (this.selected + delta + n) % n;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), searchDelayMs);
  }

  /** Runs the query now. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const text = this.text.trim();
    if (!text) {
      this.result = null;
      this.problem = null;
      this.searching = false;
      return;
    }
    this.searching = true;
    try {
      const result = await this.api.search.query({
        text,
        kbIds: this.scope === null ? [] : [this.scope],
        ...(this.mode ? { mode: this.mode } : {}),
        ...(this.fileType ? { types: [this.fileType] } : {}),
        ...(this.pathFilter.trim() ? { path: this.pathFilter.trim() } : {}),
      });
      if (seq !== this.seq) return;
      this.result = result;
      this.selected = 0;
      this.problem = null;
    } catch (err) {
      if (seq !== this.seq) return;
      this.problem = toApiError(err).problem;
    } finally {
      if (seq === this.seq) this.searching = false;
    }
  }

  async openHit(hit: SearchHit): Promise<void> {
    await this.act(() => this.api.search.openFile(hit.path, hit.page));
  }

  async revealHit(hit: SearchHit): Promise<void> {
    await this.act(() => this.api.search.revealFile(hit.path));
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    this.problem = await attempt(action);
  }
}
