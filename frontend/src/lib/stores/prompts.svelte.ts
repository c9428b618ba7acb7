import { attempt, type Api, type Assistant, type CompareColumn, type GalleryItem, type LintHint, type Locale, type Problem, type Rendered } from '../api';

/** A new, empty assistant in the person's language. */
export function blankAssistant(language: Locale): Assistant {
  return {
    id: 0, name: '', description: '', language, role: '', task: '', context: '', steps: [], examples: [],
    delimiter: 'xml', outputFormat: '', length: '', extra: '', model: '', builtin: false,
  };
}

/** One column of a comparison as the view sets it up. */
export interface ColumnSetup {
  assistantId: number;
  model: string;
  temperature: string;
  /** An assistant of the gallery, used instead of assistantId. */
  inline?: Assistant;
}

/**
 * The prompt studio: assistants, the one being edited with its live
 * preview and lint hints, and side-by-side comparisons.
 */
export class PromptsStore {
  assistants = $state<Assistant[]>([]);
  draft = $state<Assistant | null>(null);
  preview = $state<Rendered | null>(null);
  hints = $state<LintHint[]>([]);
  /** Hints the person dismissed, by rule, for the assistant being edited. */
  dismissed = $state<string[]>([]);
  problem = $state<Problem | null>(null);
  saving = $state(false);
  /** Values for the {{variables}} of the assistant being edited. */
  values = $state<Record<string, string>>({});
  gallery = $state<GalleryItem[]>([]);

  compareInput = $state('');
  columns = $state<ColumnSetup[]>([
    { assistantId: -2, model: '', temperature: '' },
    { assistantId: 0, model: '', temperature: '' },
  ]);
  compareId = $state('');
  /**
   * Columns by comparison: a fast model can finish a column before the
   * call that started the comparison returns its id, so events are kept
   * for any id, and the current one's are shown.
   */
  private columnsById = $state<Record<string, Record<number, CompareColumn>>>({});
  results = $derived<Record<number, CompareColumn>>(this.columnsById[this.compareId] ?? {});
  marked = $state<number | null>(null);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  visibleHints = $derived(this.hints.filter((h) => !this.dismissed.includes(h.rule)));

  constructor(private readonly api: Api) {}

  listen(): () => void {
    return this.api.on('compare:stream', (c) => {
      this.columnsById = { ...this.columnsById, [c.compareId]: { ...this.columnsById[c.compareId], [c.column]: c } };
    });
  }

  async load(): Promise<void> {
    this.problem = await attempt(async () => {
      [this.assistants, this.gallery] = await Promise.all([this.api.Prompts.List(), this.api.Prompts.Gallery()]);
    });
  }

  /** Sets up a comparison of a lesson's weak and strong prompts. */
  tryLesson(item: GalleryItem): void {
    this.compareInput = item.input;
    this.columns = [
      { assistantId: 0, model: '', temperature: '', inline: item.weak },
      { assistantId: 0, model: '', temperature: '', inline: item.strong },
    ];
    this.compareId = '';
    this.marked = null;
  }

  edit(a: Assistant): void {
    this.draft = structuredClone($state.snapshot(a)) as Assistant;
    this.dismissed = [];
    this.refresh();
  }

  /** Re-renders the preview and lint hints shortly after typing stops. */
  refresh(delay = 150): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), delay);
  }

  async check(): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    const seq = ++this.seq;
    const snapshot = $state.snapshot(draft) as Assistant;
    const problem = await attempt(async () => {
      const [preview, hints] = await Promise.all([
        this.api.Prompts.Render(snapshot, $state.snapshot(this.values)),
        this.api.Prompts.Lint(snapshot),
      ]);
      if (seq !== this.seq) return;
      this.preview = preview;
      this.hints = hints;
    });
    if (problem) this.problem = problem;
  }

  /** An assistant's system prompt, for a chat to use; null on failure. */
  async renderFor(a: Assistant): Promise<string | null> {
    let prompt: string | null = null;
    this.problem = await attempt(async () => {
      prompt = (await this.api.Prompts.Render($state.snapshot(a) as Assistant, {})).prompt;
    });
    return prompt;
  }

  dismiss(rule: string): void {
    this.dismissed = [...this.dismissed, rule];
  }

  async save(): Promise<void> {
    if (!this.draft) return;
    this.saving = true;
    this.problem = await attempt(async () => {
      const saved = await this.api.Prompts.Save($state.snapshot(this.draft!) as Assistant);
      this.draft = saved;
      await this.load();
    });
    this.saving = false;
  }

  async remove(a: Assistant): Promise<void> {
    this.problem = await attempt(() => this.api.Prompts.Delete(a.id));
    if (this.draft?.id === a.id) this.draft = null;
    await this.load();
  }

  async exportAll(): Promise<string> {
    let text = '';
    this.problem = await attempt(async () => {
      text = await this.api.Prompts.Export(this.assistants.filter((a) => !a.builtin).map((a) => a.id));
    });
    return text;
  }

  async importText(text: string): Promise<void> {
    this.problem = await attempt(() => this.api.Prompts.Import(text));
    await this.load();
  }

  /** The assistant a column runs. */
  columnAssistant(c: ColumnSetup): Assistant {
    return c.inline ?? this.assistantById(c.assistantId);
  }

  assistantById(id: number): Assistant {
    if (id === 0 && this.draft) return this.draft;
    return this.assistants.find((a) => a.id === id) ?? blankAssistant('en');
  }

  addColumn(): void {
    if (this.columns.length < 4) this.columns = [...this.columns, { assistantId: -2, model: '', temperature: '' }];
  }

  removeColumn(i: number): void {
    if (this.columns.length > 2) this.columns = this.columns.filter((_, j) => j !== i);
  }

  async compare(): Promise<void> {
    this.compareId = '';
    this.marked = null;
    this.problem = await attempt(async () => {
      this.compareId = await this.api.Prompts.Compare({
        input: this.compareInput,
        variables: $state.snapshot(this.values),
        variants: this.columns.map((c, i) => ({
          label: `${i + 1}`,
          assistant: $state.snapshot(this.columnAssistant(c)) as Assistant,
          model: c.model.trim(),
          ...(c.temperature.trim() !== '' ? { temperature: Number(c.temperature) } : {}),
        })),
      });
    });
  }

  async stopColumn(i: number): Promise<void> {
    this.problem = await attempt(() => this.api.Prompts.CancelColumn(this.compareId, i));
  }

  /** Whether every column has finished. */
  get finished(): boolean {
    return this.columns.every((_, i) => this.results[i]?.done);
  }

  /** Keeps the chosen column as the best and the others as worse: preference data. */
  async markBest(i: number): Promise<void> {
    const best = this.results[i];
    const others = this.columns.map((_, j) => this.results[j]).filter((c, j) => j !== i && c && c.content && !c.problem);
    const model = (j: number) => this.columns[j].model || this.columnAssistant(this.columns[j]).model;
    this.problem = await attempt(() =>
      this.api.Prompts.MarkBest({
        // The backend gives the record its id, source and time.
        id: 0,
        source: '',
        createdAt: '',
        input: this.compareInput,
        chosen: { system: best.system, model: model(i), output: best.content },
        rejected: others.map((c) => ({ system: c.system, model: model(c.column), output: c.content })),
      }),
    );
    if (!this.problem) this.marked = i;
  }
}
