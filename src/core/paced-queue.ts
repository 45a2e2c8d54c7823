/**
 * Items handed to `deliver` in order, a few milliseconds' worth per turn of
 * the event loop, so that a burst (hundreds of documents changed by one
 * import transaction) never holds the loop, and a window's frames and input
 * run between turns. `flush` delivers what is left at once.
 */
export class PacedQueue<T> {
  private waiting: T[] = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly sliceMs = 4,
  ) {}

  push(item: T): void {
    this.waiting.push(item);
    this.schedule();
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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    // A flush may have delivered everything since this turn was scheduled.
    if (this.head >= this.waiting.length) return;
    const end = performance.now() + this.sliceMs;
    // At least one per turn, so a slow item cannot stall the queue.
    do this.deliver(this.waiting[this.head++]!);
    while (this.head < this.waiting.length && performance.now() < end);
    if (this.head < this.waiting.length) this.schedule();
    else {
      this.waiting = [];
      this.head = 0;
    }
  }
}
