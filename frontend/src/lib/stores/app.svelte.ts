import { toApiError, type Api, type AppInfo, type Check, type Problem } from '../api';

export const sections = ['library', 'chats', 'models', 'prompts', 'datasets', 'settings'] as const;
export type Section = (typeof sections)[number];

/** Application-wide state: facts about the app, start-up notices, the current section. */
export class AppStore {
  info = $state<AppInfo | null>(null);
  loadProblem = $state<Problem | null>(null);
  section = $state<Section>('library');
  checks = $state<Check[] | null>(null);
  checking = $state(false);
  private dismissed = $state<string[]>([]);

  /** Start-up notices the person has not dismissed yet. */
  notices = $derived((this.info?.notices ?? []).filter((n) => !this.dismissed.includes(n.code)));

  constructor(private readonly api: Api) {}

  get transport() {
    return this.api.transport;
  }

  async load(): Promise<void> {
    try {
      this.info = await this.api.System.Info();
      this.loadProblem = null;
    } catch (err) {
      this.loadProblem = toApiError(err).problem;
    }
  }

  /** Subscribes to the events this store follows; returns the unsubscriber. */
  listen(): () => void {
    // A drop becomes a knowledge base (the library store makes it), and a
    // folder opened with Zhiku finds or makes one: show it.
    const offs = [
      this.api.on('files:dropped', () => {
        this.section = 'library';
      }),
      this.api.on('library:opened', () => {
        this.section = 'library';
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  go(section: Section): void {
    this.section = section;
  }

  dismiss(code: string): void {
    this.dismissed.push(code);
  }

  async runChecks(): Promise<void> {
    this.checking = true;
    try {
      this.checks = await this.api.System.Doctor();
    } catch (err) {
      this.loadProblem = toApiError(err).problem;
    } finally {
      this.checking = false;
    }
  }

  openExternal(url: string): void {
    this.api.openExternal(url);
  }
}
