import {
  attempt,
  type Api,
  type DataRecord,
  type Dataset,
  type DatasetFormat,
  type GenerateProgress,
  type Problem,
  type QualityReport,
  type ReviewState,
} from '../api';

/**
 * Data sets for fine-tuning: the list, the open set's records under
 * review, its quality report, generation from a knowledge base, export.
 */
export class DatasetsStore {
  sets = $state<Dataset[]>([]);
  current = $state<Dataset | null>(null);
  records = $state<DataRecord[]>([]);
  report = $state<QualityReport | null>(null);
  progress = $state<GenerateProgress | null>(null);
  exported = $state<string[]>([]);
  problem = $state<Problem | null>(null);
  /**
   * How many records the last "add the marked comparisons" added to the
   * open set, said next to its button: 0 means none was marked.
   */
  preferencesAdded = $state<number | null>(null);
  /** Shows only records in this review state, or all. */
  filter = $state<'' | ReviewState | 'ungrounded'>('');

  shown = $derived(
    this.records.filter((r) => {
      if (this.filter === 'ungrounded') return r.grounded === false;
      return !this.filter || (r.review ?? 'pending') === this.filter;
    }),
  );

  constructor(private readonly api: Api) {}

  listen(): () => void {
    return this.api.on('dataset:progress', (p) => {
      if (p.datasetId !== this.current?.id) return;
      this.progress = p;
      if (p.finished) void this.open(p.datasetId);
    });
  }

  async load(): Promise<void> {
    this.problem = await attempt(async () => {
      this.sets = await this.api.Datasets.List();
    });
  }

  async create(name: string): Promise<void> {
    this.problem = await attempt(async () => {
      const set = await this.api.Datasets.Create(name);
      await this.load();
      await this.open(set.id);
    });
  }

  async open(id: number): Promise<void> {
    if (id !== this.current?.id) this.preferencesAdded = null;
    this.problem = await attempt(async () => {
      const [records, report] = await Promise.all([this.api.Datasets.Records(id), this.api.Datasets.Check(id)]);
      this.records = records;
      this.report = report;
      this.sets = await this.api.Datasets.List();
      this.current = this.sets.find((s) => s.id === id) ?? null;
    });
  }

  async remove(id: number): Promise<void> {
    this.problem = await attempt(() => this.api.Datasets.Delete(id));
    if (this.current?.id === id) this.current = null;
    await this.load();
  }

  async review(r: DataRecord, state: ReviewState): Promise<void> {
    const next: DataRecord = { ...$state.snapshot(r), review: state };
    this.problem = await attempt(async () => {
      await this.api.Datasets.Update(next);
      this.records = this.records.map((x) => (x.id === r.id ? next : x));
      if (this.current) this.report = await this.api.Datasets.Check(this.current.id);
    });
  }

  async save(r: DataRecord): Promise<boolean> {
    this.problem = await attempt(() => this.api.Datasets.Update($state.snapshot(r) as DataRecord));
    return this.problem === null;
  }

  async removeRecord(r: DataRecord): Promise<void> {
    this.problem = await attempt(() => this.api.Datasets.Remove(r.id));
    if (this.current) await this.open(this.current.id);
  }

  /** Puts a LoRA adapter on top of a base model as a new Ollama model. */
  async importAdapter(path: string, base: string, name: string): Promise<boolean> {
    this.problem = await attempt(() => this.api.Models.ImportAdapter(path, base, name));
    return this.problem === null;
  }

  /** Adds a chat (its conversation and ranked alternatives) to a data set. */
  async addChat(datasetId: number, chatId: number): Promise<number> {
    let added = 0;
    this.problem = await attempt(async () => {
      added = await this.api.Datasets.FromChat(datasetId, chatId);
    });
    return added;
  }

  async addPreferences(): Promise<void> {
    if (!this.current) return;
    const id = this.current.id;
    let added = 0;
    this.problem = await attempt(async () => {
      added = await this.api.Datasets.FromPreferences(id);
    });
    this.preferencesAdded = this.problem ? null : added;
    await this.open(id);
  }

  async generate(kbId: number, model: string, chunks: number): Promise<void> {
    if (!this.current) return;
    const datasetId = this.current.id;
    this.progress = { datasetId, done: 0, total: chunks, added: 0, ungrounded: 0, unparsed: 0, finished: false, cancelled: false };
    this.problem = await attempt(() => this.api.Datasets.Generate({ datasetId, kbId, model, chunks }));
    if (this.problem) this.progress = null;
  }

  async cancelGenerate(): Promise<void> {
    if (this.current) this.problem = await attempt(() => this.api.Datasets.CancelGenerate(this.current!.id));
  }

  async exportTo(format: DatasetFormat, dir: string, validation: number, acceptedOnly: boolean): Promise<void> {
    if (!this.current) return;
    const id = this.current.id;
    this.problem = await attempt(async () => {
      this.exported = await this.api.Datasets.Export(id, { format, dir, validation, acceptedOnly });
    });
  }

  async importFile(path: string, format: DatasetFormat): Promise<void> {
    if (!this.current) return;
    const id = this.current.id;
    this.problem = await attempt(() => this.api.Datasets.Import(id, path, format));
    await this.open(id);
  }
}
