import { CHUNK_FRAME_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';
import { openChunk } from './chunk-cipher.js';
import { sealedLayout, type SealedLayout } from './sealed-layout.js';
import { SealedFileError, type SealedSource } from './sealed-source.js';

export { SealedFileError, type SealedSource } from './sealed-source.js';

/**
 * Decrypted plaintext a sealed file keeps at most: the chunks read most
 * lately. A search index at 50K documents is ~60 MB, and one with long
 * notes several times that; keeping every chunk ever read would end up
 * holding all of it. The index keeps its own caches of what it reuses
 * (posting lists), so this only spares re-reading a chunk that a search
 * touches again soon.
 */
export const CHUNK_CACHE_BYTES = 32 * 2 ** 20;

/** Sealed bytes read in one go when a read reaches several chunks not yet decrypted (one call instead of one per chunk). */
const READ_AHEAD_BYTES = 1 << 20;

/**
 * A sealed file read by plaintext position, each chunk read and decrypted
 * when a read reaches it (each chunk authenticates on its own, bound to its
 * index and to whether it is the last). A saved search index is mostly
 * postings and text that a session may never read; reading and decrypting
 * only what is asked for keeps opening a vault's index near a plain one's
 * (tests/bench/vault/vault-open.ts).
 *
 * Opening finds the layout (sealed-layout.ts) and decrypts the last chunk,
 * so a file cut short or grown is refused at once; a chunk altered on disk
 * fails when it is first read, loudly (SealedFileError), never read as
 * something else. Decrypted chunks are kept up to `cacheBytes` (least
 * lately read dropped first) and overwritten when dropped and on close.
 */
export class SealedChunks {
  readonly size: number;
  private readonly layout: SealedLayout;
  /** Decrypted chunks by index, least lately read first. */
  private readonly opened = new Map<number, Buffer>();
  private openedBytes = 0;
  private closed = false;

  /** `first`: where the first chunk's frame starts (after the file's header). */
  constructor(
    private readonly source: SealedSource,
    first: number,
    private readonly key: Buffer,
    private readonly headerHash: Buffer,
    private readonly cacheBytes = CHUNK_CACHE_BYTES,
  ) {
    this.layout = sealedLayout(source, first);
    this.size = this.layout.size;
    this.decrypt(this.layout.count - 1, this.layout.count - 1);
  }

  /** Decrypted bytes held now (none once closed). */
  get cachedBytes(): number {
    return this.openedBytes;
  }

  /** Closes the file and overwrites every decrypted chunk it held: nothing of the plaintext stays reachable through it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const plain of this.opened.values()) plain.fill(0);
    this.opened.clear();
    this.openedBytes = 0;
    this.key.fill(0);
    this.source.close();
  }

  /** Copies up to `length` plaintext bytes at `position` into `target` at `offset`; returns how many. */
  read(target: Uint8Array, offset: number, length: number, position: number): number {
    if (this.closed) throw new Error('the sealed file was closed');
    const end = Math.min(this.size, position + length);
    const last = this.layout.chunkAt(end - 1);
    let copied = 0;
    for (let index = this.layout.chunkAt(position); position + copied < end; index++) {
      const plainStart = this.layout.plainStart(index);
      const from = position + copied - plainStart;
      const take = Math.min(this.layout.length(index) - from, end - position - copied);
      target.set(this.chunk(index, last).subarray(from, from + take), offset + copied);
      copied += take;
    }
    return copied;
  }

  /** Chunk `index`'s plaintext; when it is not held, it and the chunks after it up to `last` that are not held either are read together. */
  private chunk(index: number, last: number): Buffer {
    const held = this.opened.get(index);
    if (held) {
      this.opened.delete(index);
      this.opened.set(index, held);
      return held;
    }
    // Read ahead no further than the cache holds, so the chunk asked for is still held when the run is in.
    const budget = Math.min(READ_AHEAD_BYTES, this.cacheBytes);
    let through = index;
    while (through < last && !this.opened.has(through + 1) && this.endOf(through + 1) - this.layout.frameAt(index) <= budget) through++;
    return this.decrypt(index, through);
  }

  /** Where chunk `index` ends on disk. */
  private endOf(index: number): number {
    return this.layout.frameAt(index) + CHUNK_FRAME_LENGTH + this.layout.length(index) + TAG_LENGTH;
  }

  /** Reads chunks `from`..`to` (adjacent on disk) with one read, decrypts each and keeps them; returns chunk `from`. */
  private decrypt(from: number, to: number): Buffer {
    const start = this.layout.frameAt(from);
    const sealed = Buffer.alloc(this.endOf(to) - start);
    if (this.source.read(sealed, 0, sealed.length, start) !== sealed.length) throw new SealedFileError('it is truncated');
    let first: Buffer | undefined;
    for (let index = from; index <= to; index++) {
      const at = this.layout.frameAt(index) - start;
      const length = this.layout.length(index);
      const final = index === this.layout.count - 1;
      // The frame must say what the layout does: a frame edited on disk is refused even where its chunk would decrypt.
      if (sealed.readUInt8(at) !== (final ? 1 : 0) || sealed.readUInt32BE(at + 1) !== length) throw new SealedFileError('it failed authentication');
      const body = at + CHUNK_FRAME_LENGTH;
      const plain = openChunk(this.key, this.headerHash, index, final, sealed.subarray(body, body + length), sealed.subarray(body + length, body + length + TAG_LENGTH));
      if (!plain) throw new SealedFileError('it failed authentication');
      this.keep(index, plain);
      first ??= plain;
    }
    return first!;
  }

  private keep(index: number, plain: Buffer): void {
    this.opened.set(index, plain);
    this.openedBytes += plain.length;
    for (const [old, held] of this.opened) {
      if (this.openedBytes <= this.cacheBytes || old === index) break;
      this.opened.delete(old);
      this.openedBytes -= held.length;
      held.fill(0);
    }
  }
}
