import { createLogger } from '../core/index.js';
import type { ModelRegistry } from '../ai/registry/model-registry.js';
import type { Embedder } from './embedder.js';
import { GgufEmbedder } from './gguf-embedder.js';
import { LazyEmbedder } from './lazy-embedder.js';
import { SentenceEncoder } from './sentence-encoder.js';

const log = createLogger('retrieval');

export interface OpenedEmbedder {
  embedder: Embedder;
  /** Why an installed embedding model did not take over (it is missing, broken or makes no embeddings); absent when it did or none is installed. */
  fallbackReason?: string;
}

/**
 * The one place that picks the embedding backend: the GGUF model in the
 * registry's 'embedding' role when one is installed and loads, else the
 * built-in sentence encoder. A broken model never leaves search without
 * vectors: it is reported and the built-in encoder serves instead.
 */
export async function openEmbedder(registry: Pick<ModelRegistry, 'find' | 'backend'> | undefined): Promise<OpenedEmbedder> {
  if (registry?.find('embedding')) {
    try {
      return { embedder: await GgufEmbedder.open(registry.backend('embedding')) };
    } catch (error) {
      const fallbackReason = (error as Error).message;
      log.warn('the installed embedding model cannot be used; using the built-in sentence encoder', { error });
      return { embedder: builtinEncoder(), fallbackReason };
    }
  }
  return { embedder: builtinEncoder() };
}

/**
 * The built-in sentence encoder, started by the first text to embed: its
 * worker and weights cost memory that a window whose documents all have
 * their vectors does not need until a search by meaning.
 */
function builtinEncoder(): Embedder {
  return new LazyEmbedder(SentenceEncoder.ID, SentenceEncoder.DIMENSIONS, () => SentenceEncoder.open());
}
