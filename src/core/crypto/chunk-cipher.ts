import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CHUNK_FRAME_LENGTH, NONCE_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';

/**
 * AES-256-GCM per chunk under a key used for one backup only, so a counter
 * is a safe nonce. The additional data binds the header hash, the chunk's
 * index and whether it is the last one (see src/backup/backup-format.ts).
 */
function nonceOf(index: number): Buffer {
  const nonce = Buffer.alloc(NONCE_LENGTH);
  nonce.writeBigUInt64BE(BigInt(index), NONCE_LENGTH - 8);
  return nonce;
}

function aadOf(headerHash: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([headerHash, tail]);
}

/** One framed, sealed chunk: flags, length, ciphertext, tag. */
export function sealChunk(key: Buffer, headerHash: Buffer, index: number, final: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonceOf(index), { authTagLength: TAG_LENGTH });
  cipher.setAAD(aadOf(headerHash, index, final));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const frame = Buffer.alloc(CHUNK_FRAME_LENGTH);
  frame.writeUInt8(final ? 1 : 0, 0);
  frame.writeUInt32BE(sealed.length, 1);
  return Buffer.concat([frame, sealed, cipher.getAuthTag()]);
}

/** The plaintext, or null when the chunk does not authenticate. */
export function openChunk(key: Buffer, headerHash: Buffer, index: number, final: boolean, sealed: Buffer, tag: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(index), { authTagLength: TAG_LENGTH });
  decipher.setAAD(aadOf(headerHash, index, final));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    return null;
  }
}
