import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import {
  BACKUP_FORMAT_VERSION,
  BACKUP_MAGIC,
  MAX_HEADER_LENGTH,
  PASSPHRASE_FORMAT_VERSION,
  PREAMBLE_LENGTH,
  RECIPIENT_FORMAT_VERSION,
  WRAPPED_KEY_LENGTH,
  backupHeaderSchema,
  type BackupHeader,
} from './backup-format.js';
import { damaged, newerFormat, notABackup, truncated } from './backup-errors.js';
import { wrapDataKey } from '../core/crypto/index.js';

/** The header as read from a file, with what decryption needs. */
export interface ReadHeader {
  header: BackupHeader;
  /** Everything before the wrapped key: the additional data of the key wrap. */
  authenticated: Buffer;
  wrappedKey: Buffer;
  /** SHA-256 of the whole header (wrapped key included), bound into every chunk. */
  hash: Buffer;
  /** Where the first chunk starts. */
  length: number;
}

/**
 * The header bytes for a new backup, with the data key sealed under
 * `wrappingKey` (the passphrase key, or the key agreed with the header's
 * recipient). The format is the oldest that describes the header.
 */
export function encodeHeader(header: BackupHeader, dataKey: Buffer, wrappingKey: Buffer): { bytes: Buffer; hash: Buffer } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const preamble = Buffer.alloc(PREAMBLE_LENGTH);
  BACKUP_MAGIC.copy(preamble, 0);
  preamble.writeUInt16BE(header.recipient === undefined ? PASSPHRASE_FORMAT_VERSION : RECIPIENT_FORMAT_VERSION, BACKUP_MAGIC.length);
  preamble.writeUInt32BE(json.length, BACKUP_MAGIC.length + 2);
  const authenticated = Buffer.concat([preamble, json]);
  const bytes = Buffer.concat([authenticated, wrapDataKey(dataKey, wrappingKey, authenticated)]);
  return { bytes, hash: createHash('sha256').update(bytes).digest() };
}

/** Reads and checks the header; refuses a file that is not a backup or is from a newer format. */
export async function readHeader(handle: FileHandle, file: string, fileSize: number): Promise<ReadHeader> {
  const preamble = await readAt(handle, 0, PREAMBLE_LENGTH);
  if (preamble.length < BACKUP_MAGIC.length || !preamble.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) throw notABackup(file);
  if (preamble.length < PREAMBLE_LENGTH) throw truncated(file, fileSize);
  const version = preamble.readUInt16BE(BACKUP_MAGIC.length);
  if (version > BACKUP_FORMAT_VERSION) throw newerFormat(file, version, BACKUP_FORMAT_VERSION);
  if (version < 1) throw damaged(file, `unknown format version ${version}`);
  const jsonLength = preamble.readUInt32BE(BACKUP_MAGIC.length + 2);
  if (jsonLength > MAX_HEADER_LENGTH) throw damaged(file, 'its header length is impossible');
  const json = await readAt(handle, PREAMBLE_LENGTH, jsonLength);
  const wrappedKey = await readAt(handle, PREAMBLE_LENGTH + jsonLength, WRAPPED_KEY_LENGTH);
  if (json.length < jsonLength || wrappedKey.length < WRAPPED_KEY_LENGTH) throw truncated(file, fileSize);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw damaged(file, 'its header is not readable');
  }
  const header = backupHeaderSchema.safeParse(parsed);
  if (!header.success) throw damaged(file, 'its header is not readable');
  // Each format has exactly one way to seal the data key: a header claiming the other is not ours.
  if ((version === RECIPIENT_FORMAT_VERSION) !== (header.data.recipient !== undefined)) throw damaged(file, 'its header does not match its format version');
  const authenticated = Buffer.concat([preamble, json]);
  const whole = Buffer.concat([authenticated, wrappedKey]);
  return {
    header: header.data,
    authenticated,
    wrappedKey,
    hash: createHash('sha256').update(whole).digest(),
    length: whole.length,
  };
}

/** Up to `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}
