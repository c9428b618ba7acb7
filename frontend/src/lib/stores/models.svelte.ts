import {
  attempt,
  type Api,
  type CatalogEntry,
  type DownloadProgress,
  type FitReport,
  type HubFile,
  type HubRequest,
  type InstalledModel,
  type Machine,
  type Problem,
} from '../api';

/** Hub addresses offered; any other is typed in. */
export const hubEndpoints = {
  huggingface: 'https://huggingface.co',
  mirror: 'https://hf-mirror.com',
  modelscope: 'https://modelscope.cn',
} as const;

/**
 * The Models view: installed models, what this machine offers, the
 * catalogue estimated against it, and estimates on request. Downloads are
 * the Ollama store's (pulls), since chat offers them too.
 */
export class ModelsStore {
  installed = $state<InstalledModel[]>([]);
  machine = $state<Machine | null>(null);
  catalog = $state<CatalogEntry[]>([]);
  /** The context length the catalogue is estimated at. */
  context = $state(8192);
  /** Estimates asked for, by model name (or file path). */
  fits = $state<Record<string, FitReport>>({});
  /** Why the view could not load: it belongs to no one control. */
  problem = $state<Problem | null>(null);
  /**
   * Why an action on one model (estimate, copy, rename, delete) failed, by
   * model name (or file path): shown on that model's row, next to the button.
   */
  modelProblems = $state<Record<string, Problem>>({});
  /** Why the last GGUF import failed: shown under the import row. */
  importProblem = $state<Problem | null>(null);
  loading = $state(false);

  /** The hub browsed: which site, at which address, which repository. */
  hub = $state<HubRequest>({ hub: 'huggingface', endpoint: hubEndpoints.huggingface, repo: '' });
  hubFiles = $state<HubFile[]>([]);
  hubProblem = $state<Problem | null>(null);
  hubLoading = $state(false);
  /** Downloads by id, running or just ended. */
  downloads = $state<Record<string, DownloadProgress>>({});

  constructor(private readonly api: Api) {}

  listen(): () => void {
    const offs = [
      // A finished download changes what is installed.
      this.api.on('model:pull', (p) => {
        if (p.done && !p.problem) void this.loadInstalled();
      }),
      // Only a running Ollama can say what it has; asking a stopped one
      // fails and would replace the list with an error.
      this.api.on('ollama:status', (s) => {
        if (s.state === 'running') void this.loadInstalled();
      }),
      this.api.on('model:download', (p) => {
        this.downloads = { ...this.downloads, [p.id]: p };
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      await Promise.all([this.loadInstalled(), this.loadCatalog()]);
    } finally {
      this.loading = false;
    }
  }

  async loadInstalled(): Promise<void> {
    this.problem = await attempt(async () => {
      this.installed = await this.api.Models.List();
    });
  }

  async loadCatalog(): Promise<void> {
    const problem = await attempt(async () => {
      const [machine, catalog] = await Promise.all([this.api.Models.Machine(), this.api.Models.Catalog(this.context)]);
      this.machine = machine;
      this.catalog = catalog;
    });
    if (problem) this.problem = problem;
  }

  async setContext(context: number): Promise<void> {
    this.context = context;
    this.fits = {};
    await this.loadCatalog();
  }

  /** Estimates an installed model, or a GGUF file given by its path. */
  async fit(target: { model?: string; path?: string }): Promise<void> {
    const key = target.model ?? target.path ?? '';
    this.keepProblem(
      key,
      await attempt(async () => {
        this.fits = { ...this.fits, [key]: await this.api.Models.Fit({ ...target, context: this.context }) };
      }),
    );
  }

  /** Records (or clears) the problem of an action on one model. */
  private keepProblem(name: string, problem: Problem | null): void {
    const kept = { ...this.modelProblems };
    if (problem) kept[name] = problem;
    else delete kept[name];
    this.modelProblems = kept;
  }

  /** Lists the files of the repository named in hub. */
  async browse(): Promise<void> {
    this.hubLoading = true;
    this.hubFiles = [];
    this.hubProblem = await attempt(async () => {
      const files = await this.api.Models.HubFiles({ ...this.hub, repo: this.hub.repo.trim() });
      // Model files first, then the rest.
      this.hubFiles = files.sort((a, b) => Number(!a.path.endsWith('.gguf')) - Number(!b.path.endsWith('.gguf')) || a.path.localeCompare(b.path));
    });
    this.hubLoading = false;
  }

  async download(file: HubFile, folder = ''): Promise<void> {
    this.hubProblem = await attempt(async () => {
      const id = await this.api.Models.Download({ ...this.hub, repo: this.hub.repo.trim(), file, ...(folder ? { folder } : {}) });
      // A small file may have finished, and said so, before the call returned.
      if (this.downloads[id]?.done) return;
      this.downloads = { ...this.downloads, [id]: { id, file: file.path, path: '', completed: 0, total: file.size, bytesPerSecond: 0, etaSeconds: 0, resumed: false, verifying: false, done: false } };
    });
  }

  async cancelDownload(id: string): Promise<void> {
    this.hubProblem = await attempt(() => this.api.Models.CancelDownload(id));
  }

  /** The Ollama name that pulls a Hugging Face GGUF directly: hf.co/owner/repo:QUANT. */
  ollamaHubName(file: HubFile): string | null {
    if (this.hub.hub !== 'huggingface' || !file.quantization) return null;
    return `hf.co/${this.hub.repo.trim()}:${file.quantization}`;
  }

  isInstalled(name: string): boolean {
    const full = name.includes(':') ? name : `${name}:latest`;
    return this.installed.some((m) => m.name === name || m.name === full);
  }

  async remove(name: string): Promise<void> {
    this.keepProblem(name, await attempt(() => this.api.Models.Delete(name)));
    await this.loadInstalled();
  }

  async copy(from: string, to: string): Promise<void> {
    this.keepProblem(from, await attempt(() => this.api.Models.Copy(from, to)));
    await this.loadInstalled();
  }

  /** Renames a model: Ollama copies it under the new name, then the old one goes. */
  async rename(from: string, to: string): Promise<void> {
    this.keepProblem(
      from,
      await attempt(async () => {
        await this.api.Models.Copy(from, to);
        await this.api.Models.Delete(from);
      }),
    );
    await this.loadInstalled();
  }

  async importGGUF(path: string, name: string): Promise<boolean> {
    this.importProblem = await attempt(() => this.api.Models.Import(path, name));
    await this.loadInstalled();
    return this.importProblem === null;
  }
}
