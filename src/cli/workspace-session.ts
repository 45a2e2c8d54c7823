import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../core/index.js';
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
  versions: VersionControl;
  /**
   * The search index, opened on first use: with 50K documents it takes
   * seconds and hundreds of MB, which the first canvas frame should not wait for.
   */
  search(): Promise<SearchIndex>;
}

const log = createLogger('workspace');

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
  const started = performance.now();
  const store = await openStore(ctx.config, ctx.paths);
  ctx.lifecycle.register('store', () => store.close());
  const opened = performance.now();
  const model = await loadWorkspaceModel(store);
  ctx.lifecycle.register('workspace', () => model.dispose());
  log.info('workspace opened', { documents: model.size, storeMs: Math.round(opened - started), modelMs: Math.round(performance.now() - opened) });
  let search: Promise<SearchIndex> | undefined;
  const openSearch = async () => {
    const begun = performance.now();
    const file = store.location.startsWith('mem:') ? undefined : path.join(ctx.paths.cacheDir, 'search-index.json');
    const index = await openSearchIndex(store, file ? { file } : {});
    ctx.lifecycle.register('search', () => index.close());
    log.info('search index opened', { documents: index.size, ms: Math.round(performance.now() - begun) });
    return index;
  };
  return {
    store,
    model,
    versions: new StoreVersionControl(store),
    search: () => (search ??= openSearch()),
  };
}
