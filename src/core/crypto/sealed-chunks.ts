import { CHUNK_FRAME_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';
import { openChunk } from './chunk-cipher.js';

/** Why a sealed file did not open: the caller names the file in its own error. */
export class SealedFileError extends Error {}

/** Sealed bytes read by position (an open file, or a buffer). */
export interface SealedSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `target` at `offset`; returns how many were read. */
  read(target: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

interface Chunk {
  /** Where its frame starts in the sealed bytes. */
  at: number;
  final: boolean;
  /** Its plaintext (= ciphertext) length, and where that starts in the plaintext. */
  length: number;
  plainStart: number;
}

/**
 * A sealed file read by plaintext position, each chunk read and decrypted
 * when a read first reaches it (each chunk authenticates on its own, bound
 * to its index and to whether it is the last). A saved search index is
 * mostly postings and text that a session may never read; reading and
 * decrypting only what is asked for keeps opening a vault's index near a
 * plain one's (tests/bench/vault/vault-open.ts).
 *
 * Opening walks the frames (5 bytes each, no decryption) and decrypts the
 * last chunk, so a file cut short or grown is refused at once; a chunk
 * altered on disk fails when it is first read, loudly (SealedFileError),
 * never read as something else.
 */
export class SealedChunks {
  readonly size: number;
  private readonly chunks: Chunk[] = [];
  private readonly opened = new Map<number, Buffer>();

  /** `first`: where the first chunk's frame starts (after the file's header). */
  constructor(
    private readonly source: SealedSource,
    first: number,
    private readonly key: Buffer,
    private readonly headerHash: Buffer,
  ) {
    const frame = Buffer.alloc(CHUNK_FRAME_LENGTH);
    let at = first;
    let plainStart = 0;
    for (;;) {
      if (source.read(frame, 0, CHUNK_FRAME_LENGTH, at) !== CHUNK_FRAME_LENGTH) throw new SealedFileError('it is truncated');
      const final = frame.readUInt8(0) === 1;
      const length = frame.readUInt32BE(1);
      if (at + CHUNK_FRAME_LENGTH + length + TAG_LENGTH > source.size) throw new SealedFileError('it is truncated');
      this.chunks.push({ at, final, length, plainStart });
      at += CHUNK_FRAME_LENGTH + length + TAG_LENGTH;
      plainStart += length;
      if (final) break;
    }
    if (at !== source.size) throw new SealedFileError('it has bytes after its last chunk');
    this.size = plainStart;
    this.chunk(this.chunks.length - 1);
  }

  /** Chunk `index`'s plaintext, read and decrypted on first use. */
  private chunk(index: number): Buffer {
    const known = this.opened.get(index);
    if (known) return known;
    const { at, final, length } = this.chunks[index]!;
    const body = Buffer.alloc(length + TAG_LENGTH);
    if (this.source.read(body, 0, body.length, at + CHUNK_FRAME_LENGTH) !== body.length) throw new SealedFileError('it is truncated');
    const plain = openChunk(this.key, this.headerHash, index, final, body.subarray(0, length), body.subarray(length));
    if (!plain) throw new SealedFileError('it failed authentication');
    this.opened.set(index, plain);
    return plain;
  }

  close(): void {
    this.source.close();
  }

  /** Copies up to `length` plaintext bytes at `position` into `target` at `offset`; returns how many. */
  read(target: Uint8Array, offset: number, length: number, position: number): number {
    const end = Math.min(this.size, position + length);
    let copied = 0;
    for (let index = this.chunkAt(position); position + copied < end; index++) {
      const { plainStart, length: chunkLength } = this.chunks[index]!;
      const from = position + copied - plainStart;
      const take = Math.min(chunkLength - from, end - position - copied);
      target.set(this.chunk(index).subarray(from, from + take), offset + copied);
      copied += take;
    }
    return copied;
  }

  /** The chunk holding plaintext byte `position` (binary search over the chunk starts). */
  private chunkAt(position: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.chunks[middle]!.plainStart <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
