import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, format } from '../core/index.js';
import { kdfParamsSchema } from '../core/crypto/index.js';

/**
 * vault.json in the data folder: everything needed to recover the data key
 * and nothing that helps to guess the passphrase. The data key is wrapped
 * twice, once by the Argon2id passphrase key and once by a key derived from
 * the recovery key, so either one opens the vault and changing the
 * passphrase rewrites only this file.
 */
export const VAULT_FILE_NAME = 'vault.json';
export const VAULT_FORMAT_VERSION = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+\/]+={0,2}$/);

export const vaultFileSchema = z
  .object({
    format: z.literal(VAULT_FORMAT_VERSION),
    cipher: z.literal('aes-256-gcm'),
    kdf: kdfParamsSchema,
    /** The data key sealed under the passphrase key (nonce, ciphertext, tag). */
    passphraseWrap: base64,
    recovery: z.object({ salt: base64, wrap: base64 }).strict(),
    createdAt: z.string(),
  })
  .strict();
export type VaultFile = z.infer<typeof vaultFileSchema>;

export function vaultFilePath(dataDir: string): string {
  return path.join(dataDir, VAULT_FILE_NAME);
}

/** The key file, null when there is no vault; a file that is not one is refused by name. */
export async function readVaultFile(dataDir: string): Promise<VaultFile | null> {
  const file = vaultFilePath(dataDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SovereignError('io', format(_('Cannot read the vault key file {file}: {cause}'), { file, cause: (error as Error).message }), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw damagedKeyFile(file, _('it is not JSON'), error);
  }
  const version = (json as { format?: unknown } | null)?.format;
  if (typeof version === 'number' && version > VAULT_FORMAT_VERSION) {
    throw new SovereignError('unsupported', format(_('{file} was written by a newer Sovereign (vault format {version}).'), { file, version }), {
      hint: _('Update Sovereign to open this vault.'),
    });
  }
  const parsed = vaultFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damagedKeyFile(file, format(_('{field}: {problem}'), { field: issue?.path.join('.') || '/', problem: issue?.message ?? '' }));
  }
  return parsed.data;
}

/**
 * Writes the key file atomically: a temporary file beside it, flushed, then
 * renamed over the old one and the folder flushed, so a crash leaves either
 * the old key file or the new one, never half of one (half a key file would
 * lock the user out of every document).
 */
export async function writeVaultFile(dataDir: string, vault: VaultFile): Promise<void> {
  const file = vaultFilePath(dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(vault, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, file);
  const folder = await fs.open(dataDir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export function damagedKeyFile(file: string, problem: string, cause?: unknown): SovereignError {
  return new SovereignError('invalid-input', format(_('The vault key file {file} is damaged: {problem}.'), { file, problem }), {
    hint: _('Restore vault.json from a backup; without it the documents cannot be decrypted.'),
    ...(cause === undefined ? {} : { cause }),
  });
}
