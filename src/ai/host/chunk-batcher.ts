/**
 * Coalesces streamed text into fewer IPC messages. A small model makes
 * 1000+ tokens per second; one message per token costs the app a
 * deserialisation and a callback each, on its main loop. The first chunk
 * goes out at once (time to first token stays the same); later chunks are
 * gathered and sent at most once per interval (a frame or so: no reader
 * sees the difference). flush() sends what is left, before the result.
 */
export class ChunkBatcher {
  private buffered = '';
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string): void {
    if (!text) return;
    this.buffered += text;
    if (this.timer) return;
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffered) return;
    const text = this.buffered;
    this.buffered = '';
    this.lastSent = this.now();
    this.send(text);
  }
}
