import { attempt, type Api, type Problem, type SelfTestProgress, type SelfTestRun } from '../api';

/**
 * The retrieval check-up (检索体检) of the knowledge base on show: its
 * history of runs, the one running, and applying a recommendation.
 */
export class SelfTestStore {
  kbId = $state<number | null>(null);
  runs = $state<SelfTestRun[]>([]);
  /** The running check-up's last report; null when none runs. */
  progress = $state<SelfTestProgress | null>(null);
  /** Set from a start until its first report, which may come before Start returns. */
  starting = $state(false);
  problem = $state<Problem | null>(null);
  /** The key of the setting applied last, said beside the button. */
  applied = $state<string | null>(null);

  constructor(private readonly api: Api) {}

  listen(): () => void {
    return this.api.on('selftest:progress', (p) => {
      if (p.kbId !== this.kbId) return;
      this.starting = false;
      if (!p.finished) {
        this.progress = p;
        return;
      }
      this.progress = null;
      this.problem = p.problem ?? null;
      void this.load(p.kbId);
    });
  }

  /** Shows the check-ups of a knowledge base. */
  async load(kbId: number): Promise<void> {
    if (kbId !== this.kbId) {
      this.progress = null;
      this.starting = false;
      this.applied = null;
    }
    this.kbId = kbId;
    this.problem = await attempt(async () => {
      const runs = await this.api.SelfTest.Runs(kbId);
      if (this.kbId === kbId) this.runs = runs;
    });
  }

  /**
   * Starts a check-up with questions drawn from that many chunks, and a
   * candidate chunk size to compare when chunkTokens is not 0.
   */
  async start(questions: number, chunkTokens = 0): Promise<void> {
    const kbId = this.kbId;
    if (kbId === null) return;
    this.applied = null;
    this.starting = true;
    this.problem = await attempt(() => this.api.SelfTest.Start({ kbId, model: '', questions, chunkTokens }));
    if (this.problem) this.starting = false;
  }

  async cancel(): Promise<void> {
    if (this.kbId === null) return;
    this.problem = await attempt(() => this.api.SelfTest.Cancel(this.kbId!));
  }

  /** Applies a setting run measured, its recommendation when key is "". */
  async apply(run: SelfTestRun, key = ''): Promise<void> {
    this.problem = await attempt(async () => {
      await this.api.SelfTest.Apply(run.id, key);
      this.applied = key || run.recommended;
    });
  }
}
