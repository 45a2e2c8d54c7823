import path from 'node:path';
import { WorkspaceDocuments } from '../dbus/workspace-documents.js';
import { openSearchIndex } from '../search/index.js';
import { openStore, type GraphStore } from '../store/index.js';
import { loadWorkspaceModel } from '../workspace/index.js';
import { isSovereignError } from '../core/index.js';
import type { CliContext } from './context.js';

/**
 * Opens the store, the in-process workspace model and the search index that
 * the D-Bus service answers from, and registers their closing (in reverse).
 */
export async function openDocumentService(ctx: CliContext): Promise<WorkspaceDocuments> {
  const store = await openStoreWhenFree(ctx);
  ctx.lifecycle.register('store', () => store.close());
  const workspace = await loadWorkspaceModel(store);
  ctx.lifecycle.register('workspace', () => workspace.dispose());
  const index = await openSearchIndex(store, { file: path.join(ctx.paths.cacheDir, 'search-index.json') });
  ctx.lifecycle.register('search index', () => index.close());
  return new WorkspaceDocuments(workspace, index);
}

/**
 * A service that is exiting (idle, SIGTERM) gives up its bus name before its
 * store lock, so a request arriving in between activates a new process while
 * the old one still closes the database. Wait for the lock a little rather
 * than fail that request.
 */
async function openStoreWhenFree(ctx: CliContext, waitMs = 5000): Promise<GraphStore> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await openStore(ctx.config, ctx.paths);
    } catch (error) {
      if (!isSovereignError(error, 'database-locked') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
