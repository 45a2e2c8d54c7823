/**
 * Gathers a stream of short sample chunks into batches of one size. The
 * sound server hands over 10 ms at a time, and every chunk costs the main
 * loop a round of work downstream (the level meter, the rolling buffer, a
 * message to the speech detector's thread): batching cuts that work to one
 * round per batch, for a delay of at most one batch.
 */
export class SampleBatcher {
  private batch: Float32Array;
  private filled = 0;

  constructor(readonly batchSamples: number) {
    if (!Number.isInteger(batchSamples) || batchSamples < 1) throw new RangeError(`a batch needs a whole number of samples, not ${batchSamples}`);
    this.batch = new Float32Array(batchSamples);
  }

  /** The batches `samples` completes, oldest first (none while a batch is still filling). */
  push(samples: Float32Array): Float32Array[] {
    const full: Float32Array[] = [];
    let from = 0;
    while (from < samples.length) {
      const taken = Math.min(samples.length - from, this.batchSamples - this.filled);
      this.batch.set(samples.subarray(from, from + taken), this.filled);
      this.filled += taken;
      from += taken;
      if (this.filled === this.batchSamples) {
        // Handed out for good (the consumer may keep it or send it to a thread): the next batch fills a new array.
        full.push(this.batch);
        this.batch = new Float32Array(this.batchSamples);
        this.filled = 0;
      }
    }
    return full;
  }

  /** What has gathered of an unfinished batch (the stream ended), or nothing. */
  flush(): Float32Array | undefined {
    if (this.filled === 0) return undefined;
    const rest = this.batch.slice(0, this.filled);
    this.filled = 0;
    return rest;
  }
}
