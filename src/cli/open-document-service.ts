import path from 'node:path';
import { WorkspaceDocuments } from '../dbus/workspace-documents.js';
import { openSearchIndex } from '../search/index.js';
import { openStore } from '../store/index.js';
import { loadWorkspaceModel } from '../workspace/index.js';
import type { CliContext } from './context.js';

/**
 * Opens the store, the in-process workspace model and the search index that
 * the D-Bus service answers from, and registers their closing (in reverse).
 */
export async function openDocumentService(ctx: CliContext): Promise<WorkspaceDocuments> {
  const store = await openStore(ctx.config, ctx.paths);
  ctx.lifecycle.register('store', () => store.close());
  const workspace = await loadWorkspaceModel(store);
  ctx.lifecycle.register('workspace', () => workspace.dispose());
  const index = await openSearchIndex(store, { file: path.join(ctx.paths.cacheDir, 'search-index.json') });
  ctx.lifecycle.register('search index', () => index.close());
  return new WorkspaceDocuments(workspace, index);
}
