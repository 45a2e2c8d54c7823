import { z } from 'zod';
import { CHUNK_FRAME_LENGTH, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH, WRAPPED_KEY_LENGTH, kdfParamsSchema, type KdfParams } from '../core/crypto/index.js';

export { CHUNK_FRAME_LENGTH, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH, WRAPPED_KEY_LENGTH, kdfParamsSchema, type KdfParams };

/**
 * The backup file, byte by byte:
 *
 *   "SOVBAKUP" (8)  format version (u16 BE)  header length (u32 BE)
 *   header JSON (BackupHeader)
 *   wrapped data key: nonce (12) ciphertext (32) tag (16), sealed with
 *     everything before it as additional data, so the header cannot be
 *     changed without the unwrap failing. Sealed under the passphrase key
 *     (format 1), or under a key agreed with the schedule's X25519 public key
 *     (format 2: the header's `recipient` holds the ephemeral public key and
 *     the recipient's private key wrapped under the passphrase key, so the
 *     file alone and the passphrase restore it; see recipient-key.ts)
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
/** The newest format this version reads. A file is written with the oldest format that describes it, so a passphrase backup stays readable by older versions. */
export const BACKUP_FORMAT_VERSION = 2;
export const PASSPHRASE_FORMAT_VERSION = 1;
export const RECIPIENT_FORMAT_VERSION = 2;
export const BACKUP_EXTENSION = '.sovbak';
export const SCHEDULED_SUFFIX = '-scheduled';
/** Plaintext per chunk: big enough that the 21 bytes of framing vanish, small enough to stream. */
export const CHUNK_SIZE = 1024 * 1024;
export const PREAMBLE_LENGTH = BACKUP_MAGIC.length + 2 + 4;
/** Raw deflate can grow incompressible input by a few bytes per 16 KiB block; this bounds a sealed chunk. */
export const MAX_SEALED_OVERHEAD = 4096;
/** A header larger than this is not one we wrote. */
export const MAX_HEADER_LENGTH = 64 * 1024;

const rawKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64 32-byte key');

/** Format 2: the data key is sealed for an X25519 public key (a scheduled backup). */
export const recipientSchema = z.object({
  algorithm: z.literal('x25519'),
  publicKey: rawKey,
  ephemeralPublicKey: rawKey,
  /** The recipient's private key sealed under the passphrase key (nonce, ciphertext, tag), base64. */
  wrappedPrivateKey: z.string().regex(/^[A-Za-z0-9+/]{80}$/, 'a base64 sealed key'),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const backupHeaderSchema = z.object({
  appVersion: z.string(),
  createdAt: z.string(),
  documentCount: z.number().int().min(0),
  cipher: z.literal('aes-256-gcm'),
  compression: z.literal('deflate-raw'),
  chunkSize: z.number().int().min(1024).max(64 * 1024 * 1024),
  /** The passphrase's Argon2id parameters: for the data key itself (format 1) or for the recipient's private key (format 2). */
  kdf: kdfParamsSchema,
  recipient: recipientSchema.optional(),
  /** Made by the schedule: keep-N pruning removes only these. */
  scheduled: z.boolean().optional(),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** What the end of the plaintext records, checked by verify and restore. */
export const backupManifestSchema = z.object({
  database: z.object({ bytes: z.number().int().min(0), sha256: z.string() }),
  attachments: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0) })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
