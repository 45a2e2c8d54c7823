import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, isSovereignError } from '../core/index.js';
import { ImportService } from '../importers/index.js';
import type { SearchIndex } from '../search/index.js';
import { openSearchIndex } from '../search/index.js';
import { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import { openStore, type GraphStore } from '../store/index.js';
import { StoreVersionControl, type VersionControl } from '../versions/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../workspace/index.js';
import type { CliContext } from './context.js';
import { commandStoreCipher } from './vault-store-cipher.js';

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
  /** The one import service (CLI, D-Bus, window, Files action). */
  imports: ImportService;
  /** Editing documents (the markdown editor): sessions, autosave, the journal. */
  editing: DocumentEditing;
  /**
   * The search index, opened on first use: the window's first canvas frame
   * should not wait for it (the D-Bus service asks for it as it starts).
   */
  search(): Promise<SearchIndex>;
}

/** Where the model snapshot and the search index are kept, under the cache dir. */
export const MODEL_SNAPSHOT_FILE = 'workspace-model.json';
export const SEARCH_INDEX_FILE = 'search-index.bin';

const log = createLogger('workspace');

/**
 * Where a vault's originals are decrypted to be shown, and its thumbnails
 * kept: in $XDG_RUNTIME_DIR (memory-backed, private to the user), mode
 * 0700, removed when the workspace closes.
 */
export function revealFolder(ctx: CliContext): string {
  return path.join(ctx.paths.runtimeDir, 'unsealed');
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
  const started = performance.now();
  const store = await openStoreWhenFree(ctx);
  ctx.lifecycle.register('store', () => store.close());
  const opened = performance.now();
  // mem:// stores skip both files (the model and the index check the location). A vault's model seals its snapshot with the data key.
  const model = await loadWorkspaceModel(store, { snapshotFile: path.join(ctx.paths.cacheDir, MODEL_SNAPSHOT_FILE) });
  let search: Promise<SearchIndex> | undefined;
  // One closer for both files, registered before anything that uses them (the
  // D-Bus service, the window), so it runs after those stopped: the model
  // snapshot and the search index are written side by side (each only when
  // something changed since it was loaded), then the store closes.
  ctx.lifecycle.register('workspace', async () => {
    const begun = performance.now();
    const index = search?.catch(() => undefined);
    try {
      await Promise.all([model.saveSnapshot(), index?.then((opened) => opened?.close())]);
    } finally {
      model.dispose();
    }
    log.info('workspace files saved', { ms: Math.round(performance.now() - begun) });
  });
  // Originals decrypted for "Show Original" live only while the workspace is open.
  ctx.lifecycle.register('revealed-originals', () => fs.rm(revealFolder(ctx), { recursive: true, force: true }));
  const editing = new DocumentEditing({ store, model, dataDir: ctx.paths.dataDir });
  // Text typed before a kill -9 is saved before anything can show the document.
  await editing.replay();
  // Registered after the workspace closer, so it runs before it: open sessions end as versions while the store is open.
  ctx.lifecycle.register('editing', () => editing.closeAll());
  log.info('workspace opened', { documents: model.size, storeMs: Math.round(opened - started), modelMs: Math.round(performance.now() - opened) });
  const openSearch = async () => {
    const begun = performance.now();
    // A vault's index is sealed with the data key as a whole (src/search/index-file.ts).
    const index = await openSearchIndex(store, { file: path.join(ctx.paths.cacheDir, SEARCH_INDEX_FILE) });
    log.info('search index opened', { documents: index.size, ms: Math.round(performance.now() - begun) });
    return index;
  };
  return {
    store,
    model,
    versions: new StoreVersionControl(store),
    imports: new ImportService(store, ctx.paths.dataDir, { revealDir: revealFolder(ctx) }),
    editing,
    search: () => (search ??= openSearch()),
  };
}

/**
 * A service that is exiting (idle, SIGTERM) gives up its bus name before its
 * store lock, so a request arriving in between starts a new process while
 * the old one still closes the database. Wait for the lock a little rather
 * than fail that request.
 */
async function openStoreWhenFree(ctx: CliContext, waitMs = 5000): Promise<GraphStore> {
  const deadline = Date.now() + waitMs;
  const cipher = await commandStoreCipher(ctx);
  for (;;) {
    try {
      return await openStore(ctx.config, ctx.paths, cipher ? { cipher } : {});
    } catch (error) {
      if (!isSovereignError(error, 'database-locked') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
