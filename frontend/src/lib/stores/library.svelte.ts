import {
  toApiError,
  type Api,
  type FileRecord,
  type IndexProgress,
  type KBSettings,
  type KBStats,
  type KnowledgeBase,
  type Problem,
} from '../api';

/** Where the create form and the drop zone show why creating failed. */
export const createPlace = 'create';
/** Where a knowledge base's card and page show why an action on it failed. */
export const kbPlace = (id: number) => `kb:${id}`;
/** Where the add-a-folder form of a knowledge base shows why adding failed. */
export const sourcesPlace = (id: number) => `kb:${id}:sources`;
/** Where a path field shows why its file dialog failed, by the dialog's title. */
export const pickPlace = (title: string) => `pick:${title}`;

/** Knowledge bases, their indexing progress and the files of the one open. */
export class LibraryStore {
  kbs = $state<KnowledgeBase[]>([]);
  progress = $state<Record<number, IndexProgress>>({});
  selectedId = $state<number | null>(null);
  /** Replaced whole, never changed in place: it may hold ten thousand files. */
  files = $state.raw<FileRecord[]>([]);
  /** Why the list or a file list could not load: no one control asked. */
  problem = $state<Problem | null>(null);
  /** Why an action failed, by the place it was asked from (createPlace, kbPlace, sourcesPlace, pickPlace). */
  problems = $state<Record<string, Problem>>({});
  busy = $state(false);
  loaded = $state(false);

  selected = $derived(this.kbs.find((kb) => kb.id === this.selectedId) ?? null);

  constructor(private readonly api: Api) {}

  get canPickFolders(): boolean {
    return this.api.transport === 'wails';
  }

  async load(): Promise<void> {
    await this.run(async () => {
      const [kbs, progress] = await Promise.all([this.api.Library.List(), this.api.Library.Progress()]);
      this.kbs = kbs;
      this.progress = Object.fromEntries(progress.map((p) => [p.kbId, p]));
      this.loaded = true;
      if (this.selectedId !== null) await this.loadFiles();
    });
  }

  listen(): () => void {
    const offs = [
      this.api.on('library:changed', (kbs) => {
        this.kbs = kbs;
        if (this.selectedId !== null && !kbs.some((kb) => kb.id === this.selectedId)) this.selectedId = null;
      }),
      this.api.on('index:progress', (report) => {
        // The files of a report are merged, not kept: the next carries others.
        const { files, gone, ...p } = report;
        this.progress[p.kbId] = p;
        if (p.stats && this.isIndexing(p.kbId)) this.followStats(p.kbId, p.stats);
        if (p.kbId !== this.selectedId) return;
        this.files = mergeFiles(this.files, files ?? [], gone ?? []);
        // At the end the whole list is read once more, to be sure.
        if (!this.isIndexing(p.kbId)) void this.loadFiles();
      }),
      this.api.on('files:dropped', (drop) => void this.createFromDrop(drop.paths)),
      this.api.on('library:opened', (opened) => this.open(opened.kbId)),
      this.api.onReconnect(() => void this.load()),
    ];
    return () => offs.forEach((off) => off());
  }

  /** What is indexing now, summed over knowledge bases, for the status bar. */
  activity = $derived.by(() => {
    const running = Object.values(this.progress).filter((p) => p.phase === 'scanning' || p.phase === 'indexing');
    const embedding = Object.values(this.progress).filter((p) => p.embedPending > 0 && !p.embedProblem);
    return {
      kbIds: running.map((p) => p.kbId),
      done: running.reduce((n, p) => n + p.filesDone, 0),
      total: running.reduce((n, p) => n + p.filesTotal, 0),
      embedding: embedding.reduce((n, p) => n + p.embedPending, 0),
    };
  });

  isIndexing(id: number): boolean {
    const phase = this.progress[id]?.phase;
    return phase === 'scanning' || phase === 'indexing';
  }

  /** Opens the knowledge base the window was started to show ("zhiku FOLDER"), if any. */
  async showOpened(): Promise<void> {
    await this.run(async () => {
      const id = await this.api.Library.Opened();
      if (id) this.open(id);
    });
  }

  async createFromDrop(paths: string[]): Promise<void> {
    await this.run(async () => {
      const kb = await this.api.Library.CreateFromDrop(paths);
      this.open(kb.id);
    }, createPlace);
  }

  async create(name: string, folder: string): Promise<boolean> {
    return this.run(async () => {
      const kb = await this.api.Library.Create({ name, sources: [folder] });
      this.open(kb.id);
    }, createPlace);
  }

  /** Asks the desktop's folder dialog for a folder; null when cancelled. */
  async pickFolder(title: string): Promise<string | null> {
    let picked: string | null = null;
    await this.run(async () => {
      picked = (await this.api.System.PickFolder(title)) || null;
    }, pickPlace(title));
    return picked;
  }

  /** Asks the desktop's folder dialog for a folder Zhiku may save into; null when cancelled. */
  async pickSaveFolder(title: string): Promise<string | null> {
    let picked: string | null = null;
    await this.run(async () => {
      picked = (await this.api.System.PickSaveFolder(title)) || null;
    }, pickPlace(title));
    return picked;
  }

  /** Asks the desktop's file dialog for a file matching pattern; null when cancelled. */
  async pickFile(title: string, pattern: string): Promise<string | null> {
    let picked: string | null = null;
    await this.run(async () => {
      picked = (await this.api.System.PickFile(title, pattern)) || null;
    }, pickPlace(title));
    return picked;
  }

  async addFolder(folder: string): Promise<boolean> {
    if (this.selectedId === null) return false;
    const id = this.selectedId;
    return this.run(async () => {
      await this.api.Library.AddSources(id, [folder]);
    }, sourcesPlace(id));
  }

  async rename(id: number, name: string): Promise<boolean> {
    return this.run(async () => {
      await this.api.Library.Rename(id, name);
    }, kbPlace(id));
  }

  /** Saves a knowledge base's settings; it re-syncs on its own. */
  async configure(id: number, settings: KBSettings): Promise<boolean> {
    return this.run(async () => {
      await this.api.Library.Configure(id, settings);
    }, kbPlace(id));
  }

  async remove(id: number): Promise<boolean> {
    return this.run(async () => {
      await this.api.Library.Delete(id);
      if (this.selectedId === id) this.selectedId = null;
    }, kbPlace(id));
  }

  async sync(id: number): Promise<void> {
    await this.run(() => this.api.Library.Sync(id), kbPlace(id));
  }

  async cancel(id: number): Promise<void> {
    await this.run(() => this.api.Library.Cancel(id), kbPlace(id));
  }

  /** Stops indexing and holds it (across restarts) until resume. */
  async pause(id: number): Promise<void> {
    await this.run(() => this.api.Library.Pause(id), kbPlace(id));
  }

  async resume(id: number): Promise<void> {
    await this.run(() => this.api.Library.Resume(id), kbPlace(id));
  }

  open(id: number | null): void {
    this.selectedId = id;
    this.files = [];
    if (id !== null) void this.loadFiles();
  }

  /** Why the action asked from place failed, if it did. */
  problemAt(place: string): Problem | null {
    return this.problems[place] ?? null;
  }

  dismissProblem(place?: string): void {
    if (place === undefined) this.problem = null;
    else this.keep(place, null);
  }

  /** Shows a syncing knowledge base's counts as they change, not only at its end. */
  private followStats(id: number, stats: KBStats): void {
    const i = this.kbs.findIndex((kb) => kb.id === id);
    // Only the counts change, so only what shows them updates.
    if (i >= 0) this.kbs[i].stats = stats;
  }

  private async loadFiles(): Promise<void> {
    const id = this.selectedId;
    if (id === null) return;
    try {
      const files = await this.api.Library.Files(id);
      if (this.selectedId === id) this.files = files;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }

  /**
   * Runs an action, recording its problem at the place it was asked from
   * (the page's own problem without one); true when it succeeded.
   */
  private async run(action: () => Promise<unknown>, place?: string): Promise<boolean> {
    this.busy = true;
    try {
      await action();
      this.keep(place, null);
      return true;
    } catch (err) {
      this.keep(place, toApiError(err).problem);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private keep(place: string | undefined, problem: Problem | null): void {
    if (place === undefined) {
      this.problem = problem;
      return;
    }
    const kept = { ...this.problems };
    if (problem) kept[place] = problem;
    else delete kept[place];
    this.problems = kept;
  }
}

/**
 * The file list with the files a progress report carries: each replaces
 * the row of its path or joins the list, in path order, and the paths gone
 * leave it.
 */
export function mergeFiles(list: FileRecord[], finished: FileRecord[], gone: string[]): FileRecord[] {
  if (finished.length === 0 && gone.length === 0) return list;
  const byPath = new Map(list.map((f) => [f.path, f]));
  for (const path of gone) byPath.delete(path);
  for (const f of finished) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
