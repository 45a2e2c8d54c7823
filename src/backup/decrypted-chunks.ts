import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CHUNK_FRAME_LENGTH, MAX_SEALED_OVERHEAD, TAG_LENGTH } from './backup-format.js';
import { damaged, truncated } from './backup-errors.js';
import type { ReadHeader } from './backup-header.js';
import { openChunk } from '../core/crypto/index.js';

const inflateRaw = promisify(zlib.inflateRaw);

/**
 * The plaintext of every chunk in order, each authenticated before it is
 * yielded. Ends only at a chunk flagged final that authenticates and is the
 * last thing in the file: a file cut short is "truncated", anything else
 * out of place is "damaged", naming where.
 */
/** `onRead` gets the bytes of the file read so far after each chunk (for progress against the file's size). */
export async function* decryptedChunks(handle: FileHandle, file: string, fileSize: number, head: ReadHeader, dataKey: Buffer, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  let position = head.length;
  const maxSealed = head.header.chunkSize + MAX_SEALED_OVERHEAD;
  for (let index = 0; ; index += 1) {
    if (position + CHUNK_FRAME_LENGTH > fileSize) throw truncated(file, fileSize);
    const frame = Buffer.alloc(CHUNK_FRAME_LENGTH);
    await handle.read(frame, 0, CHUNK_FRAME_LENGTH, position);
    const flags = frame.readUInt8(0);
    const length = frame.readUInt32BE(1);
    if (flags > 1 || length > maxSealed) throw damaged(file, `chunk ${index} at byte ${position} has an impossible frame`);
    const bodyStart = position + CHUNK_FRAME_LENGTH;
    if (bodyStart + length + TAG_LENGTH > fileSize) throw truncated(file, fileSize);
    const body = Buffer.alloc(length + TAG_LENGTH);
    await handle.read(body, 0, body.length, bodyStart);
    const final = flags === 1;
    const compressed = openChunk(dataKey, head.hash, index, final, body.subarray(0, length), body.subarray(length));
    if (compressed === null) throw damaged(file, `the data at byte ${position} (chunk ${index}) was altered or is corrupt`);
    position = bodyStart + length + TAG_LENGTH;
    onRead?.(position);
    yield await inflate(compressed, head.header.chunkSize, () => damaged(file, `chunk ${index} does not decompress`));
    if (final) {
      if (position !== fileSize) throw damaged(file, `${fileSize - position} bytes follow its end`);
      return;
    }
  }
}

/** Inflates one authenticated chunk; never more than a chunk's worth (a crafted one cannot balloon). */
async function inflate(compressed: Buffer, chunkSize: number, failed: () => Error): Promise<Buffer> {
  try {
    return await inflateRaw(compressed, { maxOutputLength: chunkSize });
  } catch {
    throw failed();
  }
}
