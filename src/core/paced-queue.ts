import { loopTurns, type LoopTurns } from './loop-turns.js';

/**
 * Items handed to `deliver` in order, as the loop's shared budget allows
 * (LoopTurns), so that a burst (hundreds of documents changed by one
 * import transaction) never holds the loop, and a window's frames and input
 * run between turns. `flush` delivers what is left at once.
 */
export class PacedQueue<T> {
  private waiting: T[] = [];
  private head = 0;
  private draining = false;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly turns: LoopTurns = loopTurns,
  ) {}

  push(item: T): void {
    this.waiting.push(item);
    if (!this.draining) void this.drain();
  }

  get size(): number {
    return this.waiting.length - this.head;
  }

  /** Delivers every waiting item now. */
  flush(): void {
    while (this.head < this.waiting.length) this.deliver(this.waiting[this.head++]!);
    this.waiting = [];
    this.head = 0;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      // A flush may deliver everything while this waits for its turn.
      while (this.head < this.waiting.length) {
        await this.turns.giveWay();
        if (this.head < this.waiting.length) this.deliver(this.waiting[this.head++]!);
      }
      this.waiting = [];
      this.head = 0;
    } finally {
      this.draining = false;
    }
  }
}
