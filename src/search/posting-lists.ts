import type { RandomAccess } from './random-access.js';

/** One term's postings: document ordinals, ascending, and their packed title and content counts. */
export interface Postings {
  ordinals: Uint32Array;
  tfs: Uint16Array;
}

/**
 * The frozen base's posting lists by term number (term i spans
 * offsets[i] .. offsets[i+1]): in memory, or read from the index file
 * term by term, so opening the file does not read tens of megabytes of
 * postings that a session may never ask for.
 */
export interface PostingLists {
  of(term: number): Postings;
  /** Every posting, in term order (for writing the file). */
  all(): Postings;
  /** Drops what was read from a file (with the index: in a vault it was decrypted). */
  close(): void;
}

export class MemoryPostings implements PostingLists {
  constructor(
    private readonly offsets: Uint32Array,
    private readonly ordinals: Uint32Array,
    private readonly tfs: Uint16Array,
  ) {}

  of(term: number): Postings {
    const from = this.offsets[term]!;
    const to = this.offsets[term + 1]!;
    return { ordinals: this.ordinals.subarray(from, to), tfs: this.tfs.subarray(from, to) };
  }

  all(): Postings {
    return { ordinals: this.ordinals, tfs: this.tfs };
  }

  close(): void {}
}

/** Bytes of recently read lists kept in memory (about the postings of a few dozen common words at 50K documents). */
const RECENT_BYTES = 16 * 2 ** 20;

const NONE: Postings = { ordinals: new Uint32Array(0), tfs: new Uint16Array(0) };

/**
 * Posting lists in a file section pair (u32 ordinals at ordinalsAt, u16 tfs
 * at tfsAt), read on demand. A list whose ordinals are out of range or out
 * of order (a damaged file) reads as empty rather than as wrong documents.
 */
export class FilePostings implements PostingLists {
  /** Lists read lately, most recent last: typing "b", "bu", "bud" asks for the same lists again. */
  private readonly recent = new Map<number, Postings>();
  private recentBytes = 0;

  constructor(
    private readonly source: RandomAccess,
    private readonly offsets: Uint32Array,
    private readonly ordinalsAt: number,
    private readonly tfsAt: number,
    private readonly documents: number,
  ) {}

  of(term: number): Postings {
    const from = this.offsets[term]!;
    const count = this.offsets[term + 1]! - from;
    if (!(count > 0)) return NONE;
    const cached = this.recent.get(term);
    if (cached) {
      this.recent.delete(term);
      this.recent.set(term, cached);
      return cached;
    }
    const postings = this.read(from, count) ?? NONE;
    this.recent.set(term, postings);
    this.recentBytes += count * 6;
    for (const [old, list] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES) break;
      this.recent.delete(old);
      this.recentBytes -= list.ordinals.length * 6;
    }
    return postings;
  }

  all(): Postings {
    return this.read(0, this.offsets[this.offsets.length - 1]!) ?? NONE;
  }

  /** Overwrites and drops the lists read lately: a closed vault index keeps nothing it decrypted. */
  close(): void {
    for (const list of this.recent.values()) {
      list.ordinals.fill(0);
      list.tfs.fill(0);
    }
    this.recent.clear();
    this.recentBytes = 0;
  }

  private read(from: number, count: number): Postings | undefined {
    const ordinals = new Uint32Array(count);
    const tfs = new Uint16Array(count);
    const gotOrdinals = this.source.read(ordinals, 0, ordinals.byteLength, this.ordinalsAt + from * 4);
    const gotTfs = this.source.read(tfs, 0, tfs.byteLength, this.tfsAt + from * 2);
    if (gotOrdinals !== ordinals.byteLength || gotTfs !== tfs.byteLength) return undefined;
    for (let i = 0; i < count; i++) if (ordinals[i]! >= this.documents) return undefined;
    return { ordinals, tfs };
  }
}
