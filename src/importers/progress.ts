/** Where a running import stands: what the CLI's bar, its JSON lines and the window's progress bar show. */
export interface ImportProgress {
  /** Files finished (imported, recognised or failed). */
  done: number;
  total: number;
  failed: number;
  /** Files per second since the start. */
  rate: number;
  /** Estimated from the rate; null until there is one. */
  secondsLeft: number | null;
  /** The file being read now. */
  current: string | null;
}

/** Turns per-file events into ImportProgress reports, at most every REPORT_MS (and always for the last file). */
const REPORT_MS = 100;

export class ImportProgressMeter {
  private done = 0;
  private failed = 0;
  private current: string | null = null;
  private readonly started = performance.now();
  private lastReport = -Infinity;

  constructor(
    private readonly total: number,
    private readonly report: ((progress: ImportProgress) => void) | undefined,
  ) {}

  starting(file: string): void {
    this.current = file;
  }

  finished(failed: boolean): void {
    this.done += 1;
    if (failed) this.failed += 1;
    const now = performance.now();
    if (this.report && (now - this.lastReport >= REPORT_MS || this.done === this.total)) {
      this.lastReport = now;
      this.report(this.snapshot(now));
    }
  }

  snapshot(now = performance.now()): ImportProgress {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    return {
      done: this.done,
      total: this.total,
      failed: this.failed,
      rate,
      secondsLeft: rate > 0 ? (this.total - this.done) / rate : null,
      current: this.current,
    };
  }
}
