import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, isSovereignError } from '../core/index.js';
import type { ImportService } from '../importers/index.js';
import type { SavedSearchIndex, SearchIndex } from '../search/index.js';
import { openSavedSearchIndex, openSearchIndex } from '../search/index.js';
import type { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import type { FieldCipher, GraphStore } from '../store/index.js';
import { resolveStoreUrl } from '../store/connection/store-url.js';
import type { VersionControl } from '../versions/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import type { CliContext } from './context.js';
import { commandStoreCipher } from './vault-store-cipher.js';
import type { VaultGate } from '../vault/vault-gate.js';

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

interface OpenSession {
  session: Promise<WorkspaceSession>;
  /** The session's search index, opened on first use as soon as the store is open (it does not wait for the model). */
  search: () => Promise<SearchIndex>;
  closers: Array<() => Promise<void>>;
  /** Saves and closes what the session holds in memory (not the store); for a lock. */
  close: () => Promise<void>;
}

const sessions = new WeakMap<CliContext, OpenSession>();
const gates = new WeakMap<CliContext, VaultGate>();
/**
 * The store outlives a lock: the embedded engine does not release its file
 * lock on close, so a store closed in this process could not be opened
 * again. Locked, it holds only sealed values and its cipher refuses them.
 */
const stores = new WeakMap<CliContext, Promise<{ store: GraphStore; cipher: FieldCipher | undefined }>>();

/**
 * A long-running process (the window, the D-Bus service) starts locked and
 * asks no one for the passphrase: its sessions wait for this gate to be
 * unlocked, and the store is opened with the gate's cipher.
 */
export function useVaultGate(ctx: CliContext, gate: VaultGate): void {
  gates.set(ctx, gate);
}

export function vaultGateOf(ctx: CliContext): VaultGate | undefined {
  return gates.get(ctx);
}

export function openWorkspaceSession(ctx: CliContext): Promise<WorkspaceSession> {
  return sessionOf(ctx).session;
}

/**
 * The search index of the workspace session (opening the session if it is
 * not open), as soon as the store is open: the index loads from its own
 * file and catches up from the event log, so it can answer while the model
 * is still loading (the D-Bus service's first searches). The same index as
 * the session's `search()`.
 */
export function openWorkspaceSearch(ctx: CliContext): Promise<SearchIndex> {
  return sessionOf(ctx).search();
}

/**
 * A plain workspace's saved search index, read on its own before the store
 * has opened (SavedSearchIndex); undefined in a vault (its index is sealed
 * with the data key) and when there is no index saved for this store.
 */
export async function openSavedWorkspaceIndex(ctx: CliContext): Promise<SavedSearchIndex | undefined> {
  if (gates.get(ctx)?.state !== 'plain') return undefined;
  return openSavedSearchIndex(path.join(ctx.paths.cacheDir, SEARCH_INDEX_FILE), resolveStoreUrl(ctx.config.store, ctx.paths, {}));
}

/** The process's store, once open (after the vault is unlocked); what the session and its index are opened over. */
export async function openWorkspaceStore(ctx: CliContext): Promise<GraphStore> {
  await gates.get(ctx)?.whenUnlocked();
  return (await sharedStore(ctx)).store;
}

function sessionOf(ctx: CliContext): OpenSession {
  let open = sessions.get(ctx);
  if (!open) {
    open = openSession(ctx);
    sessions.set(ctx, open);
  }
  return open;
}

/**
 * Before a lock: open documents end as versions (drafts saved with the key
 * still held), the model and the search index are dropped from memory, and
 * the next openWorkspaceSession builds them again from the store.
 */
export async function closeWorkspaceSession(ctx: CliContext): Promise<void> {
  const open = sessions.get(ctx);
  if (!open) return;
  sessions.delete(ctx);
  await open.close();
}

function openSession(ctx: CliContext): OpenSession {
  const closers: Array<() => Promise<void>> = [];
  let index: Promise<SearchIndex> | undefined;
  const search = () =>
    (index ??= openWorkspaceStore(ctx).then((store) => openSessionSearchIndex(ctx, store)));
  const session = open(ctx, closers, search, () => index);
  return {
    session,
    search,
    closers,
    close: async () => {
      const opened = await session.then(() => true, () => false);
      // In the order the lifecycle would run them: editing first, then the workspace files.
      for (const close of closers.splice(0).reverse()) await close();
      // The workspace closer closes the index; a session that failed after opening it never registered one.
      if (!opened) await index?.then((open) => open.close(), () => undefined);
    },
  };
}

function sharedStore(ctx: CliContext): Promise<{ store: GraphStore; cipher: FieldCipher | undefined }> {
  let store = stores.get(ctx);
  if (!store) {
    store = (async () => {
      const gate = gates.get(ctx);
      const cipher = gate ? gate.storeCipher() : await commandStoreCipher(ctx);
      const opened = await openStoreWhenFree(ctx, cipher);
      ctx.lifecycle.register('store', () => opened.close());
      return { store: opened, cipher };
    })();
    stores.set(ctx, store);
  }
  return store;
}

/**
 * Registers the closer of something built over the open workspace session
 * (the assistant, the answer service, the vector index): at a lock it runs
 * before the session ends, so nothing keeps the model or an index, and
 * their plaintext, past it; at exit the lifecycle runs it. Once either way.
 */
export function registerSessionResource(ctx: CliContext, name: string, close: () => Promise<void> | void): void {
  const open = sessions.get(ctx);
  if (open) registerSessionCloser(ctx, open.closers, name, async () => close());
  else ctx.lifecycle.register(name, async () => close());
}

/** A closer run either by the lifecycle (exit) or by a lock, whichever comes first, and once. */
function registerSessionCloser(ctx: CliContext, closers: Array<() => Promise<void>>, name: string, close: () => Promise<void>): void {
  let unregister = () => undefined as unknown;
  const once = async () => {
    unregister();
    await close();
  };
  unregister = ctx.lifecycle.register(name, once);
  closers.push(once);
}

async function open(ctx: CliContext, closers: Array<() => Promise<void>>, search: () => Promise<SearchIndex>, openedIndex: () => Promise<SearchIndex> | undefined): Promise<WorkspaceSession> {
  const started = performance.now();
  await gates.get(ctx)?.whenUnlocked();
  const { store, cipher } = await sharedStore(ctx);
  const storeOpened = performance.now();
  // An index asked for before the store was open (the D-Bus service's first
  // answers) opens first: the model's load would compete with it for the one
  // JavaScript thread, and the Shell is waiting on the index.
  await openedIndex()?.catch(() => undefined);
  // Imported with the session, not with the process: the D-Bus service answers the Shell from the store and the index alone.
  const [{ loadWorkspaceModel }, { DocumentEditing }, { StoreVersionControl }, { ImportService }] = await Promise.all([
    import('../workspace/index.js'),
    import('../skills/core/markdown-editor/index.js'),
    import('../versions/index.js'),
    import('../importers/index.js'),
  ]);
  const opened = performance.now();
  // mem:// stores skip both files (the model and the index check the location). A vault's model seals its snapshot with the data key.
  const model = await loadWorkspaceModel(store, { snapshotFile: path.join(ctx.paths.cacheDir, MODEL_SNAPSHOT_FILE) });
  // One closer for both files, registered before anything that uses them (the
  // D-Bus service, the window), so it runs after those stopped: the model
  // snapshot and the search index are written side by side (each only when
  // something changed since it was loaded), then the store closes.
  registerSessionCloser(ctx, closers, 'workspace', async () => {
    const begun = performance.now();
    const index = openedIndex()?.catch(() => undefined);
    try {
      await Promise.all([model.saveSnapshot(), index?.then((opened) => opened?.close())]);
    } finally {
      model.dispose();
    }
    log.info('workspace files saved', { ms: Math.round(performance.now() - begun) });
  });
  // Originals decrypted for "Show Original" live only while the workspace is open (a lock ends it too).
  registerSessionCloser(ctx, closers, 'revealed-originals', () => fs.rm(revealFolder(ctx), { recursive: true, force: true }));
  const editing = new DocumentEditing({ store, model, dataDir: ctx.paths.dataDir, ...(cipher ? { cipher } : {}) });
  // Text typed before a kill -9 is saved before anything can show the document.
  await editing.replay();
  // Registered after the workspace closer, so it runs before it: open sessions end as versions while the store is open.
  registerSessionCloser(ctx, closers, 'editing', () => editing.closeAll());
  log.info('workspace opened', { documents: model.size, storeMs: Math.round(storeOpened - started), modelMs: Math.round(performance.now() - opened), sinceStartMs: Math.round(performance.now()) });
  return {
    store,
    model,
    versions: new StoreVersionControl(store),
    imports: new ImportService(store, ctx.paths.dataDir, { revealDir: revealFolder(ctx) }),
    editing,
    search,
  };
}

async function openSessionSearchIndex(ctx: CliContext, store: GraphStore): Promise<SearchIndex> {
  const begun = performance.now();
  // A vault's index is sealed with the data key as a whole (src/search/index-file.ts).
  const index = await openSearchIndex(store, { file: path.join(ctx.paths.cacheDir, SEARCH_INDEX_FILE) });
  log.info('search index opened', { documents: index.size, ms: Math.round(performance.now() - begun), sinceStartMs: Math.round(performance.now()) });
  return index;
}

/**
 * A service that is exiting (idle, SIGTERM) gives up its bus name before its
 * store lock, so a request arriving in between starts a new process while
 * the old one still closes the database. Wait for the lock a little rather
 * than fail that request.
 */
async function openStoreWhenFree(ctx: CliContext, cipher: FieldCipher | undefined, waitMs = 5000): Promise<GraphStore> {
  const deadline = Date.now() + waitMs;
  // Imported here, not with this module: the D-Bus service owns its name and answers from the saved index before the store's modules load.
  const { openStore } = await import('../store/index.js');
  for (;;) {
    try {
      return await openStore(ctx.config, ctx.paths, cipher ? { cipher } : {});
    } catch (error) {
      if (!isSovereignError(error, 'database-locked') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
