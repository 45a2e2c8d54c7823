import { SovereignError } from '../core/index.js';

/**
 * The last few seconds of what the microphone heard, so that when speech is
 * detected (or push-to-talk is pressed a moment late) the start of the
 * utterance is still there. A fixed ring of samples: pushing never allocates
 * and old audio falls off the end.
 */
export class RollingAudioBuffer {
  private readonly ring: Float32Array;
  private writeAt = 0;
  private filled = 0;

  constructor(
    readonly seconds: number,
    readonly sampleRate: number,
  ) {
    const capacity = Math.round(seconds * sampleRate);
    if (!Number.isFinite(capacity) || capacity < 1) {
      throw new SovereignError('invalid-input', `cannot keep ${seconds} s of audio: the buffer needs at least one sample`);
    }
    this.ring = new Float32Array(capacity);
  }

  /** How many seconds of audio it holds now (at most `seconds`). */
  get heldSeconds(): number {
    return this.filled / this.sampleRate;
  }

  push(samples: Float32Array): void {
    const capacity = this.ring.length;
    // Only the newest `capacity` samples can survive.
    const kept = samples.length > capacity ? samples.subarray(samples.length - capacity) : samples;
    const first = Math.min(kept.length, capacity - this.writeAt);
    this.ring.set(kept.subarray(0, first), this.writeAt);
    this.ring.set(kept.subarray(first), 0);
    this.writeAt = (this.writeAt + kept.length) % capacity;
    this.filled = Math.min(capacity, this.filled + kept.length);
  }

  /** A copy of the newest `seconds` of audio (all it holds by default), oldest sample first. */
  recent(seconds = this.seconds): Float32Array {
    const count = Math.min(this.filled, Math.max(0, Math.round(seconds * this.sampleRate)));
    const out = new Float32Array(count);
    const capacity = this.ring.length;
    const start = (this.writeAt - count + capacity) % capacity;
    const first = Math.min(count, capacity - start);
    out.set(this.ring.subarray(start, start + first), 0);
    out.set(this.ring.subarray(0, count - first), first);
    return out;
  }

  clear(): void {
    this.writeAt = 0;
    this.filled = 0;
  }
}
