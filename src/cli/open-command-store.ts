import { _, format } from '../core/index.js';
import { resolveStoreUrl } from '../store/connection/store-url.js';
import type { GraphStore, OpenStoreOptions } from '../store/index.js';
import type { CliContext } from './context.js';
import { commandStoreCipher } from './vault-store-cipher.js';

/**
 * Opens the store a one-shot command reads or writes. A command on a mem://
 * store (SOVEREIGN_DB_URL=mem://, say) works on a database that vanishes
 * when the command exits: whatever it adds is gone at once, so it says so on
 * stderr rather than letting a person believe the document was saved.
 */
export async function openCommandStore(ctx: CliContext, options: OpenStoreOptions = {}): Promise<GraphStore> {
  // Loaded here, not at import: registering the commands must not load the database engine.
  const { openStore } = await import('../store/index.js');
  const url = resolveStoreUrl(ctx.config.store, ctx.paths, options);
  if (url.startsWith('mem://')) {
    ctx.stderr.write(`sovereign: ${format(_('warning: the database {url} lives in memory; nothing this command writes is kept after it exits.'), { url })}\n`);
  }
  const cipher = options.cipher ?? (await commandStoreCipher(ctx));
  return openStore(ctx.config, ctx.paths, { ...options, ...(cipher ? { cipher } : {}) });
}
