import { createLogger } from '../core/index.js';
import type { BackgroundIndexing, Embedder, RelatedDocuments, SemanticIndex } from '../retrieval/index.js';
import type { CliContext } from './context.js';
import { openSessionModels } from './session-models.js';
import { vectorFileOption } from './retrieval-session.js';
import type { WorkspaceSession } from './workspace-session.js';

const log = createLogger('retrieval');

/** Meaning-based retrieval of a long-running process: the vector index, kept up to date in the background, and related notes. */
export interface WorkspaceRetrieval {
  semantic: SemanticIndex;
  indexing: BackgroundIndexing;
  related: RelatedDocuments;
}

const opened = new WeakMap<CliContext, Promise<WorkspaceRetrieval | undefined>>();

/**
 * Opens (once per process) the embedder `openEmbedder` picks (an installed
 * embedding model through the process's one model registry, else the
 * built-in sentence encoder in its worker) and the vector index over the
 * workspace session's store, and starts indexing in the background; the
 * command line picks the same way, so both keep one index instead of
 * rebuilding it for each other. Resolves to undefined when no encoder can start:
 * search then runs on words alone and says so. The window and the D-Bus
 * service share it, as they share the workspace session.
 */
export function openWorkspaceRetrieval(ctx: CliContext, session: WorkspaceSession): Promise<WorkspaceRetrieval | undefined> {
  let retrieval = opened.get(ctx);
  if (!retrieval) {
    retrieval = open(ctx, session);
    opened.set(ctx, retrieval);
  }
  return retrieval;
}

async function open(ctx: CliContext, session: WorkspaceSession): Promise<WorkspaceRetrieval | undefined> {
  const { BackgroundIndexing, RelatedDocuments, SemanticIndex, openEmbedder } = await import('../retrieval/index.js');
  const begun = performance.now();
  let encoder: Embedder | undefined;
  try {
    const models = await openSessionModels(ctx);
    ({ embedder: encoder } = await openEmbedder(models.registry));
    const semantic = await SemanticIndex.open(session.store, encoder, vectorFileOption(ctx));
    const indexing = new BackgroundIndexing(semantic, session.store);
    const embedder = encoder;
    // Registered after the store, so it closes first: the last step finishes and the vectors are saved while the store is open.
    ctx.lifecycle.register('retrieval', async () => {
      await indexing.stop();
      await semantic.close();
      await embedder.close();
    });
    indexing.start();
    log.info('semantic index opened', { ...semantic.status(), ms: Math.round(performance.now() - begun) });
    return { semantic, indexing, related: new RelatedDocuments(session.store, semantic) };
  } catch (error) {
    log.warn('the built-in sentence encoder is unavailable; searching by words only', { error });
    await encoder?.close();
    return undefined;
  }
}
