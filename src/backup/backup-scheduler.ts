import { createLogger } from '../core/index.js';

const log = createLogger('backup.scheduler');

/** How often the running service asks whether a scheduled backup is due (a daily schedule then runs within the hour). */
export const CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface BackupSchedulerOptions {
  isDue: () => Promise<boolean>;
  /** Makes the backup: runScheduledBackup over the service's own store. */
  run: () => Promise<void>;
  intervalMs?: number;
}

/**
 * The schedule where no systemd user manager runs: the long-running service
 * checks on start and then hourly, and makes the backup when one is due.
 * The timer's runs and these land in the same folder under the same rule,
 * so whichever runs first satisfies the other's check.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: BackupSchedulerOptions) {}

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? CHECK_INTERVAL_MS);
    // The check alone must not keep a service alive that wants to exit when idle.
    this.timer.unref();
  }

  /** Runs a due backup; never two at once, and a failure is logged and retried at the next check. */
  check(): Promise<void> {
    this.running ??= (async () => {
      try {
        if (await this.options.isDue()) await this.options.run();
      } catch (error) {
        log.warn('the scheduled backup failed; trying again at the next check', { error });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
