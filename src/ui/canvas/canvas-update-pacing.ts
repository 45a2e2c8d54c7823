/** Changes closer together than this are one burst, shown together after its last change. */
export const BURST_QUIET_MS = 120;
/** A burst that has gone on this long is bulk work (an import): from then on it is shown at a slower beat. */
export const LONG_BURST_MS = 1000;
/** How often a long burst is shown while it goes on. */
export const LONG_BURST_INTERVAL_MS = 2000;

export interface PacingTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  queueMicrotask(callback: () => void): void;
}

const realTimers: PacingTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  queueMicrotask: (callback) => queueMicrotask(callback),
};

/**
 * When the canvas shows the workspace's changes. The first change after a
 * quiet spell is shown at once (a new note can be navigated to as soon as
 * it exists), together with the rest of its store transaction: `show` runs
 * in a microtask, once the store has handed over all of them. The changes
 * after it are shown together once the burst has been quiet for
 * BURST_QUIET_MS. A burst that goes on past LONG_BURST_MS (an import of
 * thousands) is shown every LONG_BURST_INTERVAL_MS while it lasts and once
 * more when it ends: each showing lays out every card and draws a whole
 * frame (30–60 ms under software rendering), and an import in transactions
 * of 50 notes asked for one four times a second.
 */
export class CanvasUpdatePacing {
  private burstStartedAt: number | null = null;
  private lastShownAt = 0;
  private quiet: unknown;
  private beat: unknown;
  private microtaskQueued = false;
  private changedSinceShown = false;
  private disposed = false;

  constructor(
    private readonly show: () => void,
    private readonly timers: PacingTimers = realTimers,
  ) {}

  /** The workspace changed. */
  changed(): void {
    if (this.disposed) return;
    this.changedSinceShown = true;
    const now = this.timers.now();
    if (this.burstStartedAt === null) {
      this.burstStartedAt = now;
      this.microtaskQueued = true;
      this.timers.queueMicrotask(() => {
        this.microtaskQueued = false;
        this.showNow();
      });
    } else if (now - this.burstStartedAt >= LONG_BURST_MS && this.beat === undefined) {
      this.beat = this.timers.setTimeout(
        () => {
          this.beat = undefined;
          if (this.changedSinceShown) this.showNow();
        },
        Math.max(0, this.lastShownAt + LONG_BURST_INTERVAL_MS - now),
      );
    }
    this.timers.clearTimeout(this.quiet);
    this.quiet = this.timers.setTimeout(() => this.endBurst(), BURST_QUIET_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.timers.clearTimeout(this.quiet);
    this.timers.clearTimeout(this.beat);
  }

  private endBurst(): void {
    this.quiet = undefined;
    this.burstStartedAt = null;
    this.timers.clearTimeout(this.beat);
    this.beat = undefined;
    if (this.changedSinceShown && !this.microtaskQueued) this.showNow();
  }

  private showNow(): void {
    if (this.disposed) return;
    this.changedSinceShown = false;
    this.lastShownAt = this.timers.now();
    this.show();
  }
}
