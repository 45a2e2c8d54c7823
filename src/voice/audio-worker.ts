import type { Worker } from 'node:worker_threads';
import type { SovereignError } from '../core/errors.js';

/** What every audio worker answers besides its own replies. */
type ErrorReply = { type: 'error'; message: string };

export interface AudioWorkerMessages {
  /** The error for a failure inside the worker, with its reason. */
  failed(reason: string): SovereignError;
  /** The reason given when the worker's thread ended on its own. */
  stopped(): string;
  /** The error for a stream asked of a worker that was closed. */
  closed(): SovereignError;
}

/**
 * A model in a worker thread that reads one stream of 16 kHz mono chunks at
 * a time (the speech detector, the wake-phrase detector): feeds it the
 * chunks, hands back its replies in order, and turns a failed or ended
 * thread into the worker's own error. The thread is held only while a
 * stream is read, so an idle worker never keeps a finished command alive.
 */
export abstract class AudioWorker<Request extends { type: string }, Reply extends { type: string }> {
  private listener: ((reply: Reply | ErrorReply) => void) | undefined;
  private failure: SovereignError | undefined;

  protected constructor(
    protected readonly worker: Worker,
    private readonly messages: AudioWorkerMessages,
  ) {
    worker.on('message', (reply: Reply) => this.listener?.(reply));
    worker.on('error', (error) => this.fail(error.message));
    worker.on('exit', () => this.fail(messages.stopped()));
    worker.unref();
  }

  async close(): Promise<void> {
    this.failure ??= this.messages.closed();
    await this.worker.terminate();
  }

  protected send(request: Request): void {
    this.worker.postMessage(request);
  }

  /**
   * Sends `reset`, then every chunk, then `end`; yields the worker's replies
   * that `accept` lets through until the consumer stops (on the reply that
   * ends its stream), the signal aborts, or the worker fails (thrown).
   */
  protected async *replies(chunks: AsyncIterable<Float32Array>, signal: AbortSignal, reset: Request, accept: (reply: Reply) => boolean = () => true): AsyncGenerator<Reply> {
    if (this.failure) throw this.failure;
    const queue: (Reply | ErrorReply)[] = [];
    let wake: (() => void) | undefined;
    this.listener = (reply) => {
      if (reply.type !== 'error' && !accept(reply as Reply)) return;
      queue.push(reply);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    signal.addEventListener('abort', onAbort);
    // Stops feeding the worker when the consumer stops early.
    const stop = new AbortController();
    this.worker.ref();
    this.send(reset);
    let pumpError: unknown;
    void (async () => {
      try {
        for await (const chunk of chunks) {
          if (signal.aborted || stop.signal.aborted) return;
          // A copy the worker owns: a source may hand out views of one buffer.
          const samples = chunk.slice();
          this.worker.postMessage({ type: 'audio', samples }, [samples.buffer]);
        }
        if (!signal.aborted && !stop.signal.aborted) this.worker.postMessage({ type: 'end' });
      } catch (error) {
        pumpError = error;
        wake?.();
      }
    })();
    try {
      for (;;) {
        if (pumpError !== undefined) throw pumpError;
        if (signal.aborted || this.failure) break;
        const reply = queue.shift();
        if (!reply) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (reply.type === 'error') throw this.messages.failed((reply as ErrorReply).message);
        yield reply as Reply;
      }
      if (this.failure) throw this.failure;
    } finally {
      stop.abort();
      signal.removeEventListener('abort', onAbort);
      this.listener = undefined;
      this.worker.unref();
    }
  }

  private fail(reason: string): void {
    this.failure ??= this.messages.failed(reason);
    this.listener?.({ type: 'error', message: reason });
  }
}
