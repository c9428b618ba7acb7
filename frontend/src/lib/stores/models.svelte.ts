import { attempt, type Api, type CatalogEntry, type FitReport, type InstalledModel, type Machine, type Problem } from '../api';

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
  problem = $state<Problem | null>(null);
  loading = $state(false);

  constructor(private readonly api: Api) {}

  listen(): () => void {
    const offs = [
      // A finished download changes what is installed.
      this.api.on('model:pull', (p) => {
        if (p.done && !p.problem) void this.loadInstalled();
      }),
      this.api.on('ollama:status', () => void this.loadInstalled()),
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
      this.installed = await this.api.models.list();
    });
  }

  async loadCatalog(): Promise<void> {
    const problem = await attempt(async () => {
      const [machine, catalog] = await Promise.all([this.api.models.machine(), this.api.models.catalog(this.context)]);
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
    this.problem = await attempt(async () => {
      this.fits = { ...this.fits, [key]: await this.api.models.fit({ ...target, context: this.context }) };
    });
  }

  isInstalled(name: string): boolean {
    const full = name.includes(':') ? name : `${name}:latest`;
    return this.installed.some((m) => m.name === name || m.name === full);
  }

  async remove(name: string): Promise<void> {
    this.problem = await attempt(() => this.api.models.remove(name));
    await this.loadInstalled();
  }

  async copy(from: string, to: string): Promise<void> {
    this.problem = await attempt(() => this.api.models.copy(from, to));
    await this.loadInstalled();
  }

  async importGGUF(path: string, name: string): Promise<boolean> {
    this.problem = await attempt(() => this.api.models.importGGUF(path, name));
    await this.loadInstalled();
    return this.problem === null;
  }
}
