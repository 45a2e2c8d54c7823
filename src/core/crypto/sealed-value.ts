import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { NONCE_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';

/**
 * One value sealed with AES-256-GCM under a long-lived key: a random 96-bit
 * nonce per value (NIST's limit of 2^32 messages per key under random nonces
 * is far beyond a workspace's writes), then the ciphertext and the tag.
 * `aad` names what the value is (a record and field, a file) so a sealed
 * value moved elsewhere fails to authenticate instead of reading as
 * something else.
 */
export function sealValue(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or null when the value was altered, moved, or sealed under another key. */
export function openValue(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < NONCE_LENGTH + TAG_LENGTH) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_LENGTH), { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_LENGTH, sealed.length - TAG_LENGTH)), decipher.final()]);
  } catch {
    return null;
  }
}
