import path from 'node:path';
import { createLogger } from '../core/index.js';
import type { Embedder, SemanticIndex, RetrievalSources } from '../retrieval/index.js';
import type { GraphStore } from '../store/index.js';
import type { CliContext } from './context.js';
import { openSessionModels } from './session-models.js';
import { SEARCH_INDEX_FILE } from './workspace-session.js';

/** The vector index, beside the full-text index under the cache dir. */
export const VECTOR_INDEX_FILE = 'vector-index.bin';

/** The vector index's file option: sealed with the data key in a vault (see saveVectorIndex). */
export function vectorFileOption(ctx: CliContext): { file?: string } {
  return { file: path.join(ctx.paths.cacheDir, VECTOR_INDEX_FILE) };
}

const log = createLogger('retrieval');

export interface RetrievalSession extends RetrievalSources {
  semantic?: SemanticIndex;
  close(): Promise<void>;
}

/**
 * Opens what search and indexing need over an open store: the full-text
 * index, the embedder (the installed GGUF embedding model in the model
 * host, else the built-in sentence encoder in its worker thread) and the
 * vector index. When no embedder can start, semantic stays absent and
 * searches fall back to words alone.
 */
export async function openRetrieval(ctx: CliContext, store: GraphStore, options: { semantic: boolean }): Promise<RetrievalSession> {
  const { openSearchIndex } = await import('../search/index.js');
  // A vault's index is sealed with the data key as a whole (src/search/index-file.ts).
  const bm25 = await openSearchIndex(store, { file: path.join(ctx.paths.cacheDir, SEARCH_INDEX_FILE) });
  let encoder: Embedder | undefined;
  let semantic: SemanticIndex | undefined;
  if (options.semantic) {
    const retrieval = await import('../retrieval/index.js');
    try {
      // The process's one registry, with the roles chosen in Preferences: the window picks the same embedder, so both keep one index.
      const models = await openSessionModels(ctx);
      ({ embedder: encoder } = await retrieval.openEmbedder(models.registry));
      semantic = await retrieval.SemanticIndex.open(store, encoder, vectorFileOption(ctx));
    } catch (error) {
      log.warn('no embedding model is available; searching by words only', { error });
      await encoder?.close();
      encoder = undefined;
    }
  }
  return {
    bm25,
    store,
    ...(semantic ? { semantic } : {}),
    async close() {
      await semantic?.close();
      await encoder?.close();
      await bm25.close();
    },
  };
}
