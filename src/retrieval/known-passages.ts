/**
 * What opening an index hands the indexing side: for each document, in
 * order, how many passages it has, and each passage's key (passageKey of
 * its hash). Numbers in typed arrays, not 150K hash strings: structured
 * cloning 150K sha256 hex strings from the worker took ~0.9 s, and the
 * main thread would pay for it at every open.
 */
export interface PassageKeys {
  documentIds: string[];
  counts: Uint32Array;
  keys: Float64Array;
}

/**
 * A 53-bit number for a passage hash (cyrb53, public domain): two of 150K
 * passages share one with odds of about 1 in 400 million, and even then
 * nothing is lost (see KnownPassages).
 */
export function passageKey(hash: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < hash.length; i++) {
    const c = hash.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The PassageKeys of rows (a document's rows need not be adjacent). */
export function passageKeysOf(rows: readonly { documentId: string; hash: string }[]): PassageKeys {
  const byDocument = new Map<string, number[]>();
  for (const row of rows) {
    const keys = byDocument.get(row.documentId);
    if (keys) keys.push(passageKey(row.hash));
    else byDocument.set(row.documentId, [passageKey(row.hash)]);
  }
  const counts = new Uint32Array(byDocument.size);
  const keys = new Float64Array(rows.length);
  let at = 0;
  [...byDocument.values()].forEach((list, i) => {
    counts[i] = list.length;
    keys.set(list, at);
    at += list.length;
  });
  return { documentIds: [...byDocument.keys()], counts, keys };
}

/** Documents taken in per slice while loading: ~6K keys, 10-30 ms on a busy core, then the main loop runs. */
const LOAD_SLICE_DOCUMENTS = 2048;

/**
 * Which passages the vector index holds, kept on the indexing side
 * (SemanticIndex) so an indexing step knows what to embed without asking
 * the index's worker first: one round trip per step (the put) instead of
 * two. It mirrors what was sent to the worker, which applies calls in
 * order; should it ever disagree (or two hashes share a key), nothing is
 * lost: a passage wrongly thought held comes back from the put as missing
 * and is embedded then, one wrongly thought absent is embedded once more.
 *
 * Counted per key, since two documents can hold the same passage (a
 * repeated paragraph): removing one must not forget the other's.
 */
export class KnownPassages {
  private readonly keysOf = new Map<string, readonly number[]>();
  private readonly holders = new Map<number, number>();

  /**
   * The passages each document had when the index was opened, taken in a
   * slice at a time with a macrotask between slices: 150K keys took
   * 200-600 ms on a loaded core, which the window's loop must not wait on.
   */
  static async load(opened: PassageKeys): Promise<KnownPassages> {
    const known = new KnownPassages();
    let at = 0;
    for (let first = 0; first < opened.documentIds.length; first += LOAD_SLICE_DOCUMENTS) {
      if (first > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const last = Math.min(opened.documentIds.length, first + LOAD_SLICE_DOCUMENTS);
      for (let i = first; i < last; i++) {
        const end = at + opened.counts[i]!;
        known.setKeys(opened.documentIds[i]!, Array.from(opened.keys.subarray(at, end)));
        at = end;
      }
    }
    return known;
  }

  has(hash: string): boolean {
    return this.holders.has(passageKey(hash));
  }

  /** Of these hashes, those no document's passage holds. */
  missing(hashes: Iterable<string>): string[] {
    return [...hashes].filter((hash) => !this.has(hash));
  }

  /** A document's passages are now these (replacing the ones it had). */
  set(documentId: string, hashes: readonly string[]): void {
    this.setKeys(documentId, hashes.map(passageKey));
  }

  private setKeys(documentId: string, keys: readonly number[]): void {
    this.remove(documentId);
    this.keysOf.set(documentId, keys);
    for (const key of keys) this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
  }

  remove(documentId: string): void {
    const keys = this.keysOf.get(documentId);
    if (!keys) return;
    this.keysOf.delete(documentId);
    for (const key of keys) {
      const left = this.holders.get(key)! - 1;
      if (left > 0) this.holders.set(key, left);
      else this.holders.delete(key);
    }
  }

  clear(): void {
    this.keysOf.clear();
    this.holders.clear();
  }
}
