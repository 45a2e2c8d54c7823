import type { LlamaContextSequence } from 'node-llama-cpp';

interface Waiter {
  resolve: (sequence: LlamaContextSequence) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The queue in front of a chat context: as many generations run at once as
 * the context has sequences (ai.parallel_sequences); the rest wait in order.
 * A waiter whose signal aborts leaves the queue at once.
 */
export class SequencePool {
  private readonly free: LlamaContextSequence[];
  private readonly waiters: Waiter[] = [];
  private busy = 0;

  constructor(sequences: LlamaContextSequence[]) {
    this.free = [...sequences];
  }

  get active(): number {
    return this.busy;
  }

  get queued(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal): Promise<LlamaContextSequence> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const sequence = this.free.pop();
    if (sequence) {
      this.busy++;
      return Promise.resolve(sequence);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(sequence: LlamaContextSequence): void {
    const next = this.waiters.shift();
    if (next) {
      next.signal?.removeEventListener('abort', next.onAbort);
      next.resolve(sequence);
      return;
    }
    this.busy--;
    this.free.push(sequence);
  }

  /** Fails everyone still waiting (the model is being unloaded). */
  rejectWaiting(error: unknown): void {
    for (const waiter of this.waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(error);
    }
  }
}
