/**
 * One time budget per turn of the event loop, shared by all the work that
 * can wait: D-Bus change signals, the search index taking in documents, an
 * import judging its files. Each of them used to yield after its own few
 * milliseconds, but in the window all of them run in the same turn of the
 * loop (node-gtk runs one libuv iteration per GLib dispatch), so an import
 * held the loop for 30–100 ms a turn in slices that were each short.
 *
 * `giveWay()` lets the caller go on while the turn's work so far is within
 * the budget, and otherwise waits for a later turn. Waiting callers go on
 * one per turn, in the order they asked, so every one of them moves and the
 * loop (frames, input, timers) runs between them.
 */
export class LoopTurns {
  private turnStartedAt: number | null = null;
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly budgetMs = 5,
    private readonly now: () => number = () => performance.now(),
    /** Runs a callback in a later turn of the loop. */
    private readonly later: (callback: () => void) => void = (callback) => setImmediate(callback),
  ) {}

  /** Resolves at once while this turn is within budget, else in a later turn. */
  giveWay(): Promise<void> {
    const now = this.now();
    if (this.turnStartedAt === null) this.turnStartedAt = now;
    // A start left from an earlier turn reads as spent: the caller waits one turn more, never less.
    if (now - this.turnStartedAt < this.budgetMs) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Callers waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(() => this.release());
  }

  private release(): void {
    this.scheduled = false;
    this.turnStartedAt = this.now();
    this.waiting.shift()?.();
    if (this.waiting.length > 0) this.schedule();
  }
}

/** The process's one budget: everything that paces itself in the window's loop shares it. */
export const loopTurns = new LoopTurns();
