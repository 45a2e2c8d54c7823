import path from 'node:path';
import { SovereignError, _ } from '../core/index.js';
import type { ModelBackend } from '../ai/model-backend.js';
import type { Embedder } from './embedder.js';
import { normaliseInPlace } from './unit-vector.js';

/** Texts per request to the model process: cancelling waits at most one batch. */
const BATCH = 16;
/**
 * The most characters of a passage sent to the model. BERT-family embedding
 * models read at most 512 tokens and the model host refuses a longer text;
 * passages are a few hundred tokens, and English runs ~4 characters a token,
 * so 1,600 characters stays inside the window with room for odd text.
 */
const MAX_CHARS = 1600;

/**
 * A GGUF embedding model the user installed (the model registry's
 * 'embedding' role), run in the model host process. It takes over from the
 * built-in sentence encoder behind the same Embedder interface; its id names
 * the file and its size, so replacing the model rebuilds the index.
 */
export class GgufEmbedder implements Embedder {
  private closed = false;

  private constructor(
    private readonly backend: Pick<ModelBackend, 'embed' | 'countTokens'>,
    readonly id: string,
    readonly dimensions: number,
    /** Tokens the model reads at most in one text. */
    private readonly maxTokens: number,
    private readonly onClose: () => Promise<void>,
  ) {}

  /**
   * Loads the model (in the model host) and reads its vector size. Rejects
   * with a 'model' SovereignError naming the file when it cannot be loaded
   * or does not make embeddings.
   */
  static async open(backend: Pick<ModelBackend, 'embed' | 'info' | 'countTokens'>, options: { onClose?: () => Promise<void> } = {}): Promise<GgufEmbedder> {
    const info = await backend.info();
    const name = path.basename(info.path);
    if (!Number.isInteger(info.embeddingSize) || info.embeddingSize <= 0) {
      throw new SovereignError('model', `the embedding model ${name} does not make embeddings (its vector size is ${info.embeddingSize})`);
    }
    // The model host's limit: the embedding context less the start and end tokens it adds (see LoadedModel.embed).
    const maxTokens = Math.min(info.contextSize || info.trainContextSize, info.trainContextSize || info.contextSize) - 3;
    const embedder = new GgufEmbedder(backend, `gguf:${name}:${info.sizeBytes}`, info.embeddingSize, maxTokens, options.onClose ?? (async () => {}));
    // A first embedding proves the file embeds (and loads its embedding context) before it takes over.
    const [probe] = await embedder.embed(['probe']);
    if (probe?.length !== info.embeddingSize) throw new SovereignError('model', `the embedding model ${name} returned ${probe?.length ?? 0} numbers, not ${info.embeddingSize}`);
    return embedder;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      if (this.closed) throw new SovereignError('model', _('The embedding model is closed'));
      if (signal?.aborted) throw new SovereignError('cancelled', _('Embedding was cancelled'));
      // An empty text has no tokens to pool; a space embeds as "nothing said".
      const batch = texts.slice(i, i + BATCH).map((t) => (t.length > MAX_CHARS ? t.slice(0, MAX_CHARS) : t) || ' ');
      const vectors = await this.embedFitting(batch, signal);
      for (const vector of vectors) {
        if (vector.length !== this.dimensions) throw new SovereignError('model', `the embedding model returned ${vector.length} numbers, not ${this.dimensions}`);
        out.push(normaliseInPlace(Float32Array.from(vector)));
      }
    }
    return out;
  }

  /** Embeds a batch; when the model refuses a text as too long, cuts the long ones to fit and tries once more. */
  private async embedFitting(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    try {
      return await this.backend.embed(batch, signal ? { signal } : {});
    } catch (error) {
      if (!(error instanceof SovereignError) || error.kind !== 'invalid-input') throw error;
      const fitted: string[] = [];
      for (const text of batch) fitted.push(await this.fit(text));
      return this.backend.embed(fitted, signal ? { signal } : {});
    }
  }

  /** The text, cut at the end until the model's tokenizer counts it inside its window (a vocabulary that splits words finely makes more tokens than characters suggest). */
  private async fit(text: string): Promise<string> {
    let fitted = text;
    for (let tokens = await this.backend.countTokens(fitted); tokens > this.maxTokens; tokens = await this.backend.countTokens(fitted)) {
      fitted = fitted.slice(0, Math.floor((fitted.length * this.maxTokens * 0.9) / tokens));
    }
    return fitted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.onClose();
  }
}
