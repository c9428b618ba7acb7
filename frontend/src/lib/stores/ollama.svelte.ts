import { toApiError, type Api, type OllamaStatus, type Problem, type PullProgress } from '../api';

/** What the UI knows of the Ollama runtime, kept current by the backend's heartbeat. */
export class OllamaStore {
  status = $state<OllamaStatus | null>(null);
  starting = $state(false);
  problem = $state<Problem | null>(null);
  /** Model downloads, running or just ended, by model name. */
  pulls = $state<Record<string, PullProgress>>({});

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    await this.run(() => this.api.ollama.status());
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
    await this.run(() => this.api.ollama.refresh());
  }

  async start(): Promise<void> {
    this.starting = true;
    try {
      await this.run(() => this.api.ollama.start());
    } finally {
      this.starting = false;
    }
  }

  /** Stops the Ollama server Zhiku started. */
  async stop(): Promise<void> {
    await this.run(() => this.api.ollama.stop());
  }

  /** Starts downloading a model; progress arrives as events. */
  async pull(model: string): Promise<void> {
    this.pulls = { ...this.pulls, [model]: { model, status: 'starting', completed: 0, total: 0, done: false } };
    try {
      await this.api.ollama.pull(model);
    } catch (err) {
      this.pulls = { ...this.pulls, [model]: { model, status: '', completed: 0, total: 0, done: true, problem: toApiError(err).problem } };
    }
  }

  async cancelPull(model: string): Promise<void> {
    try {
      await this.api.ollama.cancelPull(model);
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
