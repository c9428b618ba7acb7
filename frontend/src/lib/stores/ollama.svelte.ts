import { toApiError, type Api, type OllamaStatus, type Problem, type PullProgress, type StarterModels } from '../api';

/** A pull the page asked for and Ollama has not reported on yet. */
function starting(model: string): PullProgress {
  return { model, status: 'starting', completed: 0, total: 0, layers: [], bytesPerSecond: 0, etaSeconds: 0, done: false };
}

/** What the UI knows of the Ollama runtime, kept current by the backend's heartbeat. */

export class OllamaStore {
  status = $state<OllamaStatus | null>(null);
  starting = $state(false);
  problem = $state<Problem | null>(null);
  /** Model downloads, running or just ended, by model name. */
  pulls = $state<Record<string, PullProgress>>({});
  /** The first run's pair, once its download was asked for. */
  starter = $state<StarterModels | null>(null);
  /** Why the first run's download could not start. */
  starterProblem = $state<Problem | null>(null);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    await this.run(() => this.api.Ollama.Status());
  }

  listen(): () => void {
    const offs = [
      this.api.on('ollama:status', (s) => {
        this.status = s;
      }),
      this.api.on('model:pull', (p) => {
        this.pulls = { ...this.pulls, [p.model]: p };
      }),
      this.api.onReconnect(() => void this.load()),
    ];
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    await this.run(() => this.api.Ollama.Refresh());
  }

  async start(): Promise<void> {
    this.starting = true;
    try {
      await this.run(() => this.api.Ollama.Start());
    } finally {
      this.starting = false;
    }
  }

  /** Stops the Ollama server Zhiku started. */
  async stop(): Promise<void> {
    await this.run(() => this.api.Ollama.Stop());
  }

  /** Starts downloading a model; progress arrives as events. */
  async pull(model: string): Promise<void> {
    this.pulls = { ...this.pulls, [model]: starting(model) };
    try {
      await this.api.Ollama.Pull(model);
    } catch (err) {
      this.pulls = { ...this.pulls, [model]: { ...starting(model), status: '', done: true, problem: toApiError(err).problem } };
    }
  }

  /**
   * Downloads the first run's chat and embedding models side by side; the
   * backend makes each the default once it is in.
   */
  async pullStarter(models: StarterModels): Promise<void> {
    this.starter = models;
    this.starterProblem = null;
    const before = this.pulls;
    this.pulls = { ...before, [models.chat]: starting(models.chat), [models.embed]: starting(models.embed) };
    try {
      await this.api.Ollama.PullStarter(models);
    } catch (err) {
      // Neither download began: one problem says why.
      this.starterProblem = toApiError(err).problem;
      this.pulls = before;
    }
  }

  /** How the first run's download stands: not asked for, running, failed or done. */
  get starterState(): 'idle' | 'pulling' | 'failed' | 'done' {
    if (!this.starter) return 'idle';
    if (this.starterProblem) return 'failed';
    const pulls = [this.pulls[this.starter.chat], this.pulls[this.starter.embed]];
    if (pulls.some((p) => !p || !p.done)) return 'pulling';
    return pulls.some((p) => p.problem || p.status === 'cancelled') ? 'failed' : 'done';
  }

  async cancelPull(model: string): Promise<void> {
    try {
      await this.api.Ollama.CancelPull(model);
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }

  private async run(call: () => Promise<OllamaStatus>): Promise<void> {
    try {
      this.status = await call();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }
}
