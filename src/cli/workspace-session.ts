import path from 'node:path';
import type { SearchIndex } from '../search/index.js';
import { openSearchIndex } from '../search/index.js';
import { openStore, type GraphStore } from '../store/index.js';
import { StoreVersionControl, type VersionControl } from '../versions/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../workspace/index.js';
import type { CliContext } from './context.js';

/**
 * The open workspace of a long-running Sovereign process: the store (one
 * per process: the embedded engine keeps its lock), the in-memory model,
 * the search index and version control. The window and the D-Bus service
 * share it, so it is opened once per context and closed by its lifecycle.
 */
export interface WorkspaceSession {
  store: GraphStore;
  model: WorkspaceModel;
  search: SearchIndex;
  versions: VersionControl;
}

const sessions = new WeakMap<CliContext, Promise<WorkspaceSession>>();

export function openWorkspaceSession(ctx: CliContext): Promise<WorkspaceSession> {
  let session = sessions.get(ctx);
  if (!session) {
    session = open(ctx);
    sessions.set(ctx, session);
  }
  return session;
}

async function open(ctx: CliContext): Promise<WorkspaceSession> {
  const store = await openStore(ctx.config, ctx.paths);
  ctx.lifecycle.register('store', () => store.close());
  const model = await loadWorkspaceModel(store);
  ctx.lifecycle.register('workspace', () => model.dispose());
  const file = store.location.startsWith('mem:') ? undefined : path.join(ctx.paths.cacheDir, 'search-index.json');
  const search = await openSearchIndex(store, file ? { file } : {});
  ctx.lifecycle.register('search', () => search.close());
  return { store, model, search, versions: new StoreVersionControl(store) };
}
