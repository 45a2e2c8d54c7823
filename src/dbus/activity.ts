/**
 * Keeps a windowless service alive while it is useful and ends it after a
 * quiet period, as gnome-weather's search provider does: every request holds
 * the service while it runs, and the countdown starts again when the last
 * request finishes. An open window also keeps it alive.
 */
export class Activity {
  private holds = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private unheldWaiters: (() => void)[] = [];
  private lastRequestEnded = 0;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
    private readonly busyElsewhere: () => boolean = () => false,
  ) {
    this.arm();
  }

  /** Runs work while holding the service alive. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.holds++;
    this.disarm();
    try {
      return await work();
    } finally {
      this.lastRequestEnded = Date.now();
      this.holds--;
      this.arm();
      if (this.holds === 0) for (const wake of this.unheldWaiters.splice(0)) wake();
    }
  }

  /** When a request last ran (epoch ms; now while one runs; 0: none yet): the window's idle lock counts requests as use. */
  get lastRequestAt(): number {
    return this.holds > 0 ? Date.now() : this.lastRequestEnded;
  }

  /** Whether a request is running. */
  get held(): boolean {
    return this.holds > 0;
  }

  /** Resolves when no request is running (at once if none is). */
  whenUnheld(): Promise<void> {
    if (this.holds === 0) return Promise.resolve();
    return new Promise((resolve) => this.unheldWaiters.push(resolve));
  }

  /** Something happened that should restart the countdown (a window closed, a signal). */
  touch(): void {
    if (this.holds === 0) this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.stopped || this.idleMs <= 0 || this.holds > 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.holds > 0) return;
      if (this.busyElsewhere()) this.arm();
      else this.onIdle();
    }, this.idleMs);
    // A countdown alone must not keep a finished process running.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
