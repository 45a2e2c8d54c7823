import { Worker } from 'node:worker_threads';
import { SovereignError, asSovereignError, createLogger, errorFromWire } from '../core/index.js';
import type { IndexedPassages, IndexIdentity } from './indexed-passages.js';
import type { IndexCall, IndexMethod, IndexReply } from './vector-index-protocol.js';

const log = createLogger('retrieval');
/** How long stop() waits for the thread to close its file. */
const CLOSE_WAIT_MS = 2000;

type Method<K extends IndexMethod> = IndexedPassages[K] extends (...args: infer A) => infer R ? { args: A; result: R } : never;

/**
 * The caller's side of a semantic index's worker thread (see
 * vector-index-worker.ts): each IndexedPassages method, called by name,
 * answered asynchronously. The worker handles calls one at a time in the
 * order they were sent, so a remove sent before a search is seen by it.
 * The thread holds the process open only while an answer is owed.
 */
export class VectorIndexThread {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: IndexReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the worker exited')));
    worker.unref();
  }

  static start(identity: IndexIdentity): VectorIndexThread {
    return new VectorIndexThread(new Worker(new URL('./vector-index-worker.js', import.meta.url), { workerData: identity }));
  }

  call<K extends IndexMethod>(method: K, ...args: Method<K>['args']): Promise<Method<K>['result']> {
    if (this.stopped) return Promise.reject(new SovereignError('internal', `the vector index thread stopped: ${this.stopped.message}`, { cause: this.stopped }));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.waiting.size === 1) this.worker.ref();
      const call: IndexCall = { id, method, args };
      this.worker.postMessage(call);
    });
  }

  private settle(reply: IndexReply): void {
    const pending = this.waiting.get(reply.id);
    if (!pending) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('error' in reply) pending.reject(asSovereignError(errorFromWire(reply.error)));
    else pending.resolve(reply.result);
  }

  private failAll(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.waiting.values()) reject(new SovereignError('internal', `the vector index thread stopped: ${error.message}`, { cause: error }));
    this.waiting.clear();
  }

  /**
   * Ends the thread. It is first asked to let go of the index file (a
   * thread's open files outlive it), which it does once the calls before
   * have been answered; a thread still busy after CLOSE_WAIT_MS (a graph
   * rebuilt from scratch) is ended anyway, and its file is closed with the
   * process.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const closed = this.call('close').catch((error: unknown) => log.warn('the vector index thread did not close its file', { error }));
    this.stopped = new Error('it was closed');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS).unref()))]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
