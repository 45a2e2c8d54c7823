import { bulkWork, type BulkWork } from '../../core/index.js';

/** Changes closer together than this are one burst, shown together after its last change. */
export const BURST_QUIET_MS = 120;
/** A burst that has gone on this long is bulk work (an import): from then on it is shown at a slower beat. */
export const LONG_BURST_MS = 1000;
/** How often a long burst, or the changes of bulk work, are shown while they go on. */
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
 *
 * While the process runs bulk work (core BulkWork: an import of many files)
 * its changes are paced by that alone: the first is shown at once unless
 * the canvas showed a change less than LONG_BURST_INTERVAL_MS ago, the rest
 * at that beat, and the last as soon as the work ends. An import's
 * transactions can come further apart than BURST_QUIET_MS, and each would
 * then have been a burst of its own, shown at once.
 */
export class CanvasUpdatePacing {
  private burstStartedAt: number | null = null;
  private lastShownAt: number | null = null;
  private quiet: unknown;
  private beat: unknown;
  private microtaskQueued = false;
  private changedSinceShown = false;
  private disposed = false;
  private readonly offBulk: () => void;

  constructor(
    private readonly show: () => void,
    private readonly timers: PacingTimers = realTimers,
    private readonly bulk: BulkWork = bulkWork,
  ) {
    this.offBulk = bulk.onChange((busy) => {
      if (!busy) this.bulkEnded();
    });
  }

  /** The workspace changed. */
  changed(): void {
    if (this.disposed) return;
    this.changedSinceShown = true;
    const now = this.timers.now();
    if (this.bulk.busy) {
      this.changedInBulk(now);
      return;
    }
    if (this.burstStartedAt === null) {
      this.burstStartedAt = now;
      this.showInMicrotask();
    } else if (now - this.burstStartedAt >= LONG_BURST_MS && this.beat === undefined) {
      this.beatIn(Math.max(0, (this.lastShownAt ?? now) + LONG_BURST_INTERVAL_MS - now));
    }
    this.timers.clearTimeout(this.quiet);
    this.quiet = this.timers.setTimeout(() => this.endBurst(), BURST_QUIET_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.offBulk();
    this.timers.clearTimeout(this.quiet);
    this.timers.clearTimeout(this.beat);
  }

  private changedInBulk(now: number): void {
    // A burst that began before the bulk work goes on at the bulk work's beat.
    this.timers.clearTimeout(this.quiet);
    this.quiet = undefined;
    this.burstStartedAt = null;
    if (this.beat !== undefined || this.microtaskQueued) return;
    const dueIn = this.lastShownAt === null ? 0 : this.lastShownAt + LONG_BURST_INTERVAL_MS - now;
    if (dueIn <= 0) this.showInMicrotask();
    else this.beatIn(dueIn);
  }

  /** The next showing at the slow beat, in `ms`; it shows only what changed since the last. */
  private beatIn(ms: number): void {
    this.beat = this.timers.setTimeout(() => {
      this.beat = undefined;
      if (this.changedSinceShown) this.showNow();
    }, ms);
  }

  private bulkEnded(): void {
    if (this.disposed) return;
    this.timers.clearTimeout(this.beat);
    this.beat = undefined;
    if (this.changedSinceShown && !this.microtaskQueued) this.showNow();
  }

  /** Shows in a microtask, so the rest of the store transaction is shown with this change. */
  private showInMicrotask(): void {
    this.microtaskQueued = true;
    this.timers.queueMicrotask(() => {
      this.microtaskQueued = false;
      this.showNow();
    });
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
