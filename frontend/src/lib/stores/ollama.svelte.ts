import { toApiError, type Api, type OllamaStatus, type Problem } from '../api';

/** What the UI knows of the Ollama runtime, kept current by the backend's heartbeat. */
export class OllamaStore {
  status = $state<OllamaStatus | null>(null);
  starting = $state(false);
  problem = $state<Problem | null>(null);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    await this.run(() => this.api.ollama.status());
  }

  listen(): () => void {
    const off = this.api.on('ollama:status', (s) => {
      this.status = s;
    });
    const offReconnect = this.api.onReconnect(() => void this.load());
    return () => {
      off();
      offReconnect();
    };
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

  private async run(call: () => Promise<OllamaStatus>): Promise<void> {
    try {
      this.status = await call();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }
}
