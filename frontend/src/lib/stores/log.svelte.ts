import { toApiError, type Api, type LogEntry, type Problem } from '../api';

/**
 * The error log: every problem the window showed, as the backend keeps it
 * in the data folder, newest first. Loaded when the person opens it.
 */
export class LogStore {
  entries = $state<LogEntry[] | null>(null);
  loading = $state(false);
  problem = $state<Problem | null>(null);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.entries = await this.api.Log.Recent();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    } finally {
      this.loading = false;
    }
  }

  /** Opens the logs folder (this log and the app's own output) in the file manager. */
  async showFolder(): Promise<void> {
    try {
      await this.api.Log.ShowFolder();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }

  /** Shows the log file in the file manager; the backend knows where it is. */
  async reveal(): Promise<void> {
    try {
      await this.api.Log.Reveal();
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).problem;
    }
  }
}
