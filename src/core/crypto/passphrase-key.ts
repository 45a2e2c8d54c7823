import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';
import type { KdfParams } from './kdf-params.js';

/**
 * Argon2id at 64 MiB and 3 passes: ~0.9 s here (../shared/STACK.md), slow enough
 * to make guessing a passphrase expensive, quick enough for one unlock.
 */
export const DEFAULT_KDF = { memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export function newKdfParams(cost: Omit<KdfParams, 'algorithm' | 'salt'> = DEFAULT_KDF): KdfParams {
  return { algorithm: 'argon2id', ...cost, salt: randomBytes(16).toString('base64') };
}

export async function derivePassphraseKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  // Imported on first use: a native addon (~15–20 ms to load) that only an unlock or a new vault needs, not every start.
  const { default: argon2 } = await import('argon2');
  return argon2.hash(passphrase, {
    type: argon2.argon2id,
    raw: true,
    salt: Buffer.from(params.salt, 'base64'),
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    hashLength: KEY_LENGTH,
  });
}

/** Seals the data key under the passphrase key; `aad` (a header, a key file's parameters) is authenticated with it. */
export function wrapDataKey(dataKey: Buffer, passphraseKey: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', passphraseKey, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

/** The data key, or null when the passphrase is wrong or the header was changed (GCM cannot tell which). */
export function unwrapDataKey(wrapped: Buffer, passphraseKey: Buffer, aad: Buffer): Buffer | null {
  const nonce = wrapped.subarray(0, NONCE_LENGTH);
  const sealed = wrapped.subarray(NONCE_LENGTH, NONCE_LENGTH + KEY_LENGTH);
  const tag = wrapped.subarray(NONCE_LENGTH + KEY_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', passphraseKey, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    return null;
  }
}
