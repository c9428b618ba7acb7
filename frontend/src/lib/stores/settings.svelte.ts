import { toApiError, type Api, type Locale, type Problem, type Settings } from '../api';

/** The person's preferences, saved through the backend and shared by every window. */
export class SettingsStore {
  settings = $state<Settings | null>(null);
  saving = $state(false);
  problem = $state<Problem | null>(null);
  /** Increments after each successful save, for a brief "Saved" note. */
  saves = $state(0);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    try {
      this.settings = await this.api.Settings.Get();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }

  listen(): () => void {
    const off = this.api.on('settings:changed', (s) => {
      this.settings = s;
    });
    const offReconnect = this.api.onReconnect(() => void this.load());
    return () => {
      off();
      offReconnect();
    };
  }

  /**
   * Saves a change. Language and theme show at once; if saving fails they
   * snap back, so what is shown is always what is saved.
   */
  async update(patch: Partial<Settings>): Promise<boolean> {
    if (!this.settings) return false;
    const previous = this.settings;
    this.settings = { ...previous, ...patch };
    this.saving = true;
    try {
      this.settings = await this.api.Settings.Update(this.settings);
      this.problem = null;
      this.saves++;
      return true;
    } catch (err) {
      this.settings = previous;
      this.problem = toApiError(err).problem;
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** The UI language: the chosen one, or the system's. */
  locale(systemLocale: Locale): Locale {
    const chosen = this.settings?.language;
    return chosen === 'en' || chosen === 'zh-CN' ? chosen : systemLocale;
  }
}
