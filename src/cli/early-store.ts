import { createLogger } from '../core/index.js';
import type { CliContext } from './context.js';
import { SessionVault } from './session-vault.js';
import { openWorkspaceStore } from './workspace-session.js';

const log = createLogger('service');

/**
 * Starts opening the workspace store of a D-Bus-activated service before
 * the D-Bus side of the service is loaded, and returns at once.
 *
 * The embedded engine's open takes ~0.3 s of CPU even for an empty rocksdb
 * store (it initialises a million transaction lock buckets), on the engine's
 * own threads. Started here, its modules load beside the service's and the
 * engine runs while the name is owned and the Shell's first answers come
 * from the saved search index, instead of after them. The store is shared
 * per context (src/cli/workspace-session.ts): the service's own opening
 * later gets this same store, and it reports a failure to open (its log
 * line, the exit); here a failure is only kept from going unhandled.
 *
 * The vault is opened first (SessionVault is one per process, so the
 * service gets the same one): a locked vault opens nothing until Unlock,
 * and a plain workspace must not be mistaken for a vault (the store would
 * be asked for a passphrase on a terminal that is not there).
 *
 * If another instance owns the bus name, it holds the store's lock: this
 * open then waits for the lock, and the service exits with "already
 * running" meanwhile (src/cli/app-service-mode.ts checks the name).
 */
export function startOpeningStore(ctx: CliContext): void {
  void SessionVault.open(ctx)
    .then((vault) => (vault.isLocked() ? undefined : openWorkspaceStore(ctx)))
    .catch((error: unknown) => log.debug('the early store open failed; the service reports it', { error }));
}
