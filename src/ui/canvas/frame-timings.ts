/**
 * The CPU time of the last frames (controller render + upload + draw), kept in a
 * fixed ring so recording costs nothing per frame; read by the test probe
 * and the benchmarks.
 */
export class FrameTimings {
  private readonly samples = new Float64Array(256);
  private count = 0;
  /** When the first frame was presented (epoch ms). */
  firstAt: number | undefined;
  private presentedFirst: () => void = () => undefined;
  /** Resolves when the first frame is presented: start-up work the first frame does not need waits for it. */
  readonly firstFrame = new Promise<void>((resolve) => (this.presentedFirst = resolve));

  record(ms: number): void {
    if (this.firstAt === undefined) {
      this.firstAt = Date.now();
      this.presentedFirst();
    }
    this.samples[this.count % this.samples.length] = ms;
    this.count++;
  }

  reset(): void {
    this.count = 0;
  }

  summary(): { frames: number; medianMs: number; p95Ms: number } {
    const n = Math.min(this.count, this.samples.length);
    if (n === 0) return { frames: 0, medianMs: 0, p95Ms: 0 };
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    return { frames: this.count, medianMs: sorted[Math.floor(n / 2)]!, p95Ms: sorted[Math.min(n - 1, Math.floor(n * 0.95))]! };
  }
}
