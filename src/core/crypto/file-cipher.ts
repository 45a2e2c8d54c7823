import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CHUNK_FRAME_LENGTH, KEY_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';
import { openChunk, sealChunk } from './chunk-cipher.js';
import { CHUNK_CACHE_BYTES, SealedChunks, SealedFileError, type SealedSource } from './sealed-chunks.js';

/** Marks a sealed file and its layout version. */
const MAGIC = Buffer.from('SVF1', 'ascii');
const SALT_LENGTH = 32;
export const SEALED_FILE_HEADER_LENGTH = MAGIC.length + SALT_LENGTH;
/** Plaintext per chunk: big enough that the 21 bytes of frame and tag cost nothing, small enough to stream. */
export const CHUNK_BYTES = 256 * 1024;

/** Bytes as a stream (a file read stream) or already at hand (a buffer in an array). */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export { SealedFileError } from './sealed-chunks.js';

function subkey(key: Buffer, info: string, salt: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, info, KEY_LENGTH));
}

/**
 * Whole files sealed under a vault's data key (attachments, index files):
 * AES-256-GCM in framed chunks (chunk-cipher.ts), streamed both ways. Each
 * file gets a random salt and its own key derived from it, so the chunk
 * counter is a safe nonce however many files share the data key. `aad`
 * names what the file is (an attachment's reference, "search-index"): a
 * file renamed onto another's place fails to open. The last chunk is
 * flagged, so a truncated file fails too, instead of reading short.
 */
export class FileCipher {
  private readonly fileKey: Buffer;
  private readonly nameKey: Buffer;

  /** From the vault's data key, or from the derived keys another thread's cipher handed over (see `keys`). */
  constructor(key: Buffer | FileCipherKeys) {
    if (Buffer.isBuffer(key)) {
      this.fileKey = subkey(key, 'sovereign vault file key');
      this.nameKey = subkey(key, 'sovereign vault file names');
    } else {
      this.fileKey = Buffer.from(key.fileKey);
      this.nameKey = Buffer.from(key.nameKey);
    }
  }

  /**
   * The derived keys, to rebuild this cipher in a worker thread of the same
   * process (a class does not survive postMessage). They never leave the
   * process and are not the data key itself.
   */
  get keys(): FileCipherKeys {
    return { fileKey: Uint8Array.from(this.fileKey), nameKey: Uint8Array.from(this.nameKey) };
  }

  /** A name for a file that says nothing about `id` to whoever lacks the key (HMAC-SHA256, hex). */
  nameOf(id: string): string {
    return createHmac('sha256', this.nameKey).update(id, 'utf8').digest('hex');
  }

  private keysFor(salt: Buffer, aad: string): { key: Buffer; headerHash: Buffer } {
    const key = subkey(this.fileKey, 'sovereign vault file', salt);
    const headerHash = createHash('sha256').update(MAGIC).update(salt).update(aad, 'utf8').digest();
    return { key, headerHash };
  }

  /** Seals a stream of plaintext; pipe the result to a file. */
  async *seal(source: ByteSource, aad: string): AsyncGenerator<Buffer> {
    const salt = randomBytes(SALT_LENGTH);
    const { key, headerHash } = this.keysFor(salt, aad);
    yield Buffer.concat([MAGIC, salt]);
    let index = 0;
    let held: Buffer | null = null;
    // One chunk is held back: only once the source ends is it known to be the last one.
    for await (const piece of rechunk(source, CHUNK_BYTES)) {
      if (held) yield sealChunk(key, headerHash, index++, false, held);
      held = piece;
    }
    yield sealChunk(key, headerHash, index, true, held ?? Buffer.alloc(0));
  }

  /** The plaintext of a sealed stream; throws SealedFileError when it was altered, truncated, moved or sealed under another key. */
  async *open(source: ByteSource, aad: string): AsyncGenerator<Buffer> {
    const reader = new ByteReader(source);
    const header = await reader.take(SEALED_FILE_HEADER_LENGTH);
    if (!header || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('it is not a sealed file');
    const { key, headerHash } = this.keysFor(header.subarray(MAGIC.length), aad);
    for (let index = 0; ; index++) {
      const frame = await reader.take(CHUNK_FRAME_LENGTH);
      if (!frame) throw new SealedFileError('it is truncated');
      const final = frame.readUInt8(0) === 1;
      const body = await reader.take(frame.readUInt32BE(1) + TAG_LENGTH);
      if (!body) throw new SealedFileError('it is truncated');
      const plain = openChunk(key, headerHash, index, final, body.subarray(0, body.length - TAG_LENGTH), body.subarray(body.length - TAG_LENGTH));
      if (!plain) throw new SealedFileError('it failed authentication');
      if (plain.length > 0) yield plain;
      if (final) break;
    }
    if (await reader.take(1)) throw new SealedFileError('it has bytes after its last chunk');
  }

  /** seal() of one buffer, for files kept whole in memory (index files); `chunkBytes` as in sealBufferSync. */
  async sealBuffer(plaintext: Uint8Array, aad: string, chunkBytes = CHUNK_BYTES): Promise<Buffer> {
    return this.sealBufferSync(plaintext, aad, chunkBytes);
  }

  /** open() of one buffer. */
  async openBuffer(sealed: Uint8Array, aad: string): Promise<Buffer> {
    return this.openBufferSync(sealed, aad);
  }

  /**
   * A sealed file (an open file, or bytes in memory) read by position, each
   * chunk read and decrypted when reached and kept up to `cacheBytes` (see
   * SealedChunks); throws SealedFileError as open() does.
   */
  openChunks(sealed: SealedSource | Buffer, aad: string, cacheBytes = CHUNK_CACHE_BYTES): SealedChunks {
    const source = Buffer.isBuffer(sealed) ? bufferSource(sealed) : sealed;
    const header = Buffer.alloc(SEALED_FILE_HEADER_LENGTH);
    if (source.read(header, 0, header.length, 0) !== header.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('it is not a sealed file');
    const { key, headerHash } = this.keysFor(header.subarray(MAGIC.length), aad);
    return new SealedChunks(source, SEALED_FILE_HEADER_LENGTH, key, headerHash, cacheBytes);
  }

  /**
   * sealBuffer() without a promise, for a worker whose calls must finish in
   * order (the vector index). The same layout as seal(), in chunks of
   * `chunkBytes` plaintext bytes: a file read by position (openChunks)
   * decrypts a whole chunk to read one byte of it, so one read in small
   * pieces wants small chunks. Every reader takes any chunk size.
   */
  sealBufferSync(plaintext: Uint8Array, aad: string, chunkBytes = CHUNK_BYTES): Buffer {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > CHUNK_BYTES) throw new RangeError(`chunkBytes must be 1..${CHUNK_BYTES}, not ${chunkBytes}`);
    const salt = randomBytes(SALT_LENGTH);
    const { key, headerHash } = this.keysFor(salt, aad);
    const bytes = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    const out: Buffer[] = [Buffer.concat([MAGIC, salt])];
    const chunks = Math.max(1, Math.ceil(bytes.length / chunkBytes));
    for (let index = 0; index < chunks; index++) {
      out.push(sealChunk(key, headerHash, index, index === chunks - 1, bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes)));
    }
    return Buffer.concat(out);
  }

  /** openBuffer() without a promise; throws SealedFileError as open() does. */
  openBufferSync(sealed: Uint8Array, aad: string): Buffer {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (bytes.length < SEALED_FILE_HEADER_LENGTH || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('it is not a sealed file');
    const { key, headerHash } = this.keysFor(bytes.subarray(MAGIC.length, SEALED_FILE_HEADER_LENGTH), aad);
    const out: Buffer[] = [];
    let at = SEALED_FILE_HEADER_LENGTH;
    for (let index = 0; ; index++) {
      if (at + CHUNK_FRAME_LENGTH > bytes.length) throw new SealedFileError('it is truncated');
      const final = bytes.readUInt8(at) === 1;
      const end = at + CHUNK_FRAME_LENGTH + bytes.readUInt32BE(at + 1);
      if (end + TAG_LENGTH > bytes.length) throw new SealedFileError('it is truncated');
      const plain = openChunk(key, headerHash, index, final, bytes.subarray(at + CHUNK_FRAME_LENGTH, end), bytes.subarray(end, end + TAG_LENGTH));
      if (!plain) throw new SealedFileError('it failed authentication');
      out.push(plain);
      at = end + TAG_LENGTH;
      if (final) break;
    }
    if (at !== bytes.length) throw new SealedFileError('it has bytes after its last chunk');
    return Buffer.concat(out);
  }
}

function bufferSource(bytes: Buffer): SealedSource {
  return {
    size: bytes.length,
    read(target, offset, length, position) {
      const end = Math.min(bytes.length, position + length);
      if (position >= end) return 0;
      target.set(bytes.subarray(position, end), offset);
      return end - position;
    },
    close() {},
  };
}

/** A FileCipher's derived keys as plain bytes (see FileCipher.keys). */
export interface FileCipherKeys {
  fileKey: Uint8Array;
  nameKey: Uint8Array;
}

/** Pieces of exactly `size` bytes (the last one shorter), whatever sizes the source yields. */
async function* rechunk(source: ByteSource, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const raw of source) {
    let piece = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    while (length + piece.length >= size) {
      const need = size - length;
      pending.push(piece.subarray(0, need));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      piece = piece.subarray(need);
    }
    if (piece.length > 0) {
      pending.push(piece);
      length += piece.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

/** Reads exact byte counts from a stream of arbitrary pieces. */
class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private buffered: Buffer = Buffer.alloc(0);

  constructor(source: ByteSource) {
    this.iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** `n` bytes, or null when the stream ends first. */
  async take(n: number): Promise<Buffer | null> {
    while (this.buffered.length < n) {
      const next = await this.iterator.next();
      if (next.done) return null;
      this.buffered = this.buffered.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buffered, next.value]);
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }
}
