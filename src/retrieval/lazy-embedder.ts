import type { Embedder } from './embedder.js';

/**
 * An embedder that starts its model on the first text it is asked to embed,
 * not when it is made. The window opens the semantic index at start; when
 * every document already has its vectors nothing is embedded until a
 * search by meaning or a changed document asks, and until then the model
 * (the built-in encoder's worker thread with its weights) takes no memory.
 * A model that fails to start fails every later call with the same error,
 * without starting again.
 */
export class LazyEmbedder implements Embedder {
  private opening: Promise<Embedder> | undefined;
  private closed = false;

  constructor(
    readonly id: string,
    readonly dimensions: number,
    private readonly open: () => Promise<Embedder>,
  ) {}

  /** Whether the model was started (by a call to embed). */
  get started(): boolean {
    return this.opening !== undefined;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (this.closed) throw new Error('the embedder is closed');
    // Nothing to embed is no reason to start the model.
    if (texts.length === 0) return [];
    const embedder = await (this.opening ??= this.open());
    return embedder.embed(texts, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    const embedder = await this.opening?.catch(() => undefined);
    await embedder?.close();
  }
}
