import { z } from 'zod';
import { CHUNK_FRAME_LENGTH, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH, WRAPPED_KEY_LENGTH, kdfParamsSchema, type KdfParams } from '../core/crypto/index.js';

export { CHUNK_FRAME_LENGTH, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH, WRAPPED_KEY_LENGTH, kdfParamsSchema, type KdfParams };

/**
 * The backup file, byte by byte:
 *
 *   "SOVBAKUP" (8)  format version (u16 BE)  header length (u32 BE)
 *   header JSON (BackupHeader)
 *   wrapped data key: nonce (12) ciphertext (32) tag (16), sealed under the
 *     passphrase key with everything before it as additional data, so the
 *     header cannot be changed without the unwrap failing
 *   chunks, each: flags (u8, 1 = final)  ciphertext length (u32 BE)
 *     ciphertext  tag (16)
 *
 * Each chunk's plaintext is compressed (raw deflate) before it is sealed:
 * the export repeats every document's text in its root commit, and text
 * shrinks several times over. Compressing before encrypting is the only
 * order that works (ciphertext does not compress).
 *
 * The version sits before the JSON so a newer layout is refused before it is
 * parsed. Chunks are sealed with AES-256-GCM under the data key; each nonce
 * is the chunk index, and the additional data binds the header hash, the
 * index and the final flag, so a reordered, dropped, truncated or extended
 * chunk sequence fails to authenticate.
 */
export const BACKUP_MAGIC = Buffer.from('SOVBAKUP', 'latin1');
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.sovbak';
/** Plaintext per chunk: big enough that the 21 bytes of framing vanish, small enough to stream. */
export const CHUNK_SIZE = 1024 * 1024;
export const PREAMBLE_LENGTH = BACKUP_MAGIC.length + 2 + 4;
/** Raw deflate can grow incompressible input by a few bytes per 16 KiB block; this bounds a sealed chunk. */
export const MAX_SEALED_OVERHEAD = 4096;
/** A header larger than this is not one we wrote. */
export const MAX_HEADER_LENGTH = 64 * 1024;

export const backupHeaderSchema = z.object({
  appVersion: z.string(),
  createdAt: z.string(),
  documentCount: z.number().int().min(0),
  cipher: z.literal('aes-256-gcm'),
  compression: z.literal('deflate-raw'),
  chunkSize: z.number().int().min(1024).max(64 * 1024 * 1024),
  kdf: kdfParamsSchema,
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** What the end of the plaintext records, checked by verify and restore. */
export const backupManifestSchema = z.object({
  database: z.object({ bytes: z.number().int().min(0), sha256: z.string() }),
  attachments: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0) })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
