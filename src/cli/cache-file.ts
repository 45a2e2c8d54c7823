import fs from 'node:fs';
import path from 'node:path';
import { vaultFilePath } from '../vault/vault-file.js';
import type { CliContext } from './context.js';

/**
 * Where the vector index is kept under the cache dir, or undefined in a
 * vault (the search index and the workspace model snapshot are sealed with
 * the data key instead: src/search/index-file.ts, src/workspace/model-snapshot.ts).
 * Those files hold titles, text and embeddings in the clear, so a vault
 * keeps them in memory only and rebuilds them from the sealed store at open
 * (slower to open, nothing readable on disk) until they are written
 * encrypted as a whole.
 */
export function plainCacheFile(ctx: CliContext, name: string): string | undefined {
  return fs.existsSync(vaultFilePath(ctx.paths.dataDir)) ? undefined : path.join(ctx.paths.cacheDir, name);
}
