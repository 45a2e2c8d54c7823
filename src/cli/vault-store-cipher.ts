import fs from 'node:fs';
import type { FieldCipher } from '../store/index.js';
import type { CliContext } from './context.js';
import { readPassphrase } from './passphrase.js';

/** Scripts name the vault passphrase file here, for every command that opens the store. */
export const PASSPHRASE_FILE_ENV = 'SOVEREIGN_PASSPHRASE_FILE';

/**
 * The cipher for a command's store: a vault's passphrase is asked at the
 * terminal (no echo) or read from $SOVEREIGN_PASSPHRASE_FILE; a plain
 * workspace asks nothing and never loads argon2.
 */
export async function commandStoreCipher(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): Promise<FieldCipher | undefined> {
  // Loaded here: a command on a plain workspace must not pay for the key derivation's native module.
  const { vaultFilePath } = await import('../vault/vault-file.js');
  if (!fs.existsSync(vaultFilePath(ctx.paths.dataDir))) return undefined;
  const { openStoreCipher } = await import('../vault/index.js');
  const passphraseFile = env[PASSPHRASE_FILE_ENV];
  return openStoreCipher(ctx.paths, () => readPassphrase({ purpose: 'vault-store', ...(passphraseFile ? { passphraseFile } : {}) }));
}
