import { attempt, type Api, type Assistant, type CompareColumn, type LintHint, type Problem, type Rendered } from '../api';

/** A new, empty assistant in the person's language. */
export function blankAssistant(language: string): Assistant {
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

  compareInput = $state('');
  columns = $state<ColumnSetup[]>([
    { assistantId: -2, model: '', temperature: '' },
    { assistantId: 0, model: '', temperature: '' },
  ]);
  compareId = $state('');
  results = $state<Record<number, CompareColumn>>({});
  marked = $state<number | null>(null);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  visibleHints = $derived(this.hints.filter((h) => !this.dismissed.includes(h.rule)));

  constructor(private readonly api: Api) {}

  listen(): () => void {
    return this.api.on('compare:stream', (c) => {
      if (c.compareId === this.compareId) this.results = { ...this.results, [c.column]: c };
    });
  }

  async load(): Promise<void> {
    this.problem = await attempt(async () => {
      this.assistants = await this.api.prompts.list();
    });
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
      const [preview, hints] = await Promise.all([this.api.prompts.render(snapshot, {}), this.api.prompts.lint(snapshot)]);
      if (seq !== this.seq) return;
      this.preview = preview;
      this.hints = hints;
    });
    if (problem) this.problem = problem;
  }

  dismiss(rule: string): void {
    this.dismissed = [...this.dismissed, rule];
  }

  async save(): Promise<void> {
    if (!this.draft) return;
    this.saving = true;
    this.problem = await attempt(async () => {
      const saved = await this.api.prompts.save($state.snapshot(this.draft!) as Assistant);
      this.draft = saved;
      await this.load();
    });
    this.saving = false;
  }

  async remove(a: Assistant): Promise<void> {
    this.problem = await attempt(() => this.api.prompts.remove(a.id));
    if (this.draft?.id === a.id) this.draft = null;
    await this.load();
  }

  async exportAll(): Promise<string> {
    let text = '';
    this.problem = await attempt(async () => {
      text = await this.api.prompts.exportJSON(this.assistants.filter((a) => !a.builtin).map((a) => a.id));
    });
    return text;
  }

  async importText(text: string): Promise<void> {
    this.problem = await attempt(() => this.api.prompts.importJSON(text));
    await this.load();
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
    this.results = {};
    this.marked = null;
    this.problem = await attempt(async () => {
      this.compareId = await this.api.prompts.compare({
        input: this.compareInput,
        variants: this.columns.map((c, i) => ({
          label: `${i + 1}`,
          assistant: $state.snapshot(this.assistantById(c.assistantId)) as Assistant,
          model: c.model.trim(),
          ...(c.temperature.trim() !== '' ? { temperature: Number(c.temperature) } : {}),
        })),
      });
    });
  }

  async stopColumn(i: number): Promise<void> {
    this.problem = await attempt(() => this.api.prompts.cancelColumn(this.compareId, i));
  }

  /** Whether every column has finished. */
  get finished(): boolean {
    return this.columns.every((_, i) => this.results[i]?.done);
  }

  /** Keeps the chosen column as the best and the others as worse: preference data. */
  async markBest(i: number): Promise<void> {
    const best = this.results[i];
    const others = this.columns.map((_, j) => this.results[j]).filter((c, j) => j !== i && c && c.content && !c.problem);
    const model = (j: number) => this.columns[j].model || this.assistantById(this.columns[j].assistantId).model;
    this.problem = await attempt(() =>
      this.api.prompts.markBest({
        input: this.compareInput,
        chosen: { system: best.system, model: model(i), output: best.content },
        rejected: others.map((c) => ({ system: c.system, model: model(c.column), output: c.content })),
      }),
    );
    if (!this.problem) this.marked = i;
  }
}
