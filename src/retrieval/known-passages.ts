/**
 * What opening an index hands the indexing side: each document's passage
 * keys (passageKey of each hash), grouped by document, and all of them
 * sorted. Numbers in typed arrays, arranged in the index's worker, so the
 * window's loop only looks them up: structured cloning 150K hash strings
 * took ~0.9 s, and putting 200K keys into Maps 100-300 ms. The index file
 * stores the keys, so opening computes none.
 */
export interface PassageKeys {
  documentIds: string[];
  /** Document i's keys are keys[starts[i]] up to keys[starts[i + 1]]. */
  starts: Uint32Array;
  keys: Float64Array;
  /** The same keys in ascending order. */
  sorted: Float64Array;
}

/** PassageKeys of rows given as each one's document (an index into documentIds) and key; a document's rows need not be adjacent. */
export function groupPassageKeys(documentIds: string[], documentOf: Uint32Array, rowKeys: Float64Array): PassageKeys {
  const starts = new Uint32Array(documentIds.length + 1);
  for (let row = 0; row < documentOf.length; row++) starts[documentOf[row]! + 1]!++;
  for (let d = 0; d < documentIds.length; d++) starts[d + 1]! += starts[d]!;
  const next = starts.slice(0, documentIds.length);
  const keys = new Float64Array(rowKeys.length);
  for (let row = 0; row < documentOf.length; row++) keys[next[documentOf[row]!]!++] = rowKeys[row]!;
  return { documentIds, starts, keys, sorted: rowKeys.slice().sort() };
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

/** Where a sorted key run starts: the first index whose key is not below `key`. */
function lowerBound(sorted: Float64Array, key: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

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
 * repeated paragraph): removing one must not forget the other's. What the
 * index held when it opened stays in its typed arrays (PassageKeys); a
 * document set or removed since counts apart.
 */
export class KnownPassages {
  private opened: { keys: PassageKeys; documents: Map<string, number> } | undefined;
  /** Opened documents removed or replaced since: their opened keys no longer count. */
  private readonly droppedDocuments = new Set<string>();
  /** Per key, how many of its opened copies were dropped. */
  private readonly dropped = new Map<number, number>();
  /** Documents set since opening, and how many of them hold each key. */
  private readonly keysOf = new Map<string, readonly number[]>();
  private readonly holders = new Map<number, number>();

  /** The passages each document had when the index was opened. */
  static fromOpened(keys: PassageKeys): KnownPassages {
    const known = new KnownPassages();
    known.opened = { keys, documents: new Map(keys.documentIds.map((id, i) => [id, i])) };
    return known;
  }

  has(hash: string): boolean {
    const key = passageKey(hash);
    if (this.holders.has(key)) return true;
    if (!this.opened) return false;
    const { sorted } = this.opened.keys;
    const first = lowerBound(sorted, key);
    let copies = 0;
    while (first + copies < sorted.length && sorted[first + copies] === key) copies++;
    return copies > (this.dropped.get(key) ?? 0);
  }

  /** Of these hashes, those no document's passage holds. */
  missing(hashes: Iterable<string>): string[] {
    return [...hashes].filter((hash) => !this.has(hash));
  }

  /** A document's passages are now these (replacing the ones it had). */
  set(documentId: string, hashes: readonly string[]): void {
    this.remove(documentId);
    const keys = hashes.map(passageKey);
    this.keysOf.set(documentId, keys);
    for (const key of keys) this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
  }

  remove(documentId: string): void {
    const keys = this.keysOf.get(documentId);
    if (keys) {
      this.keysOf.delete(documentId);
      for (const key of keys) {
        const left = this.holders.get(key)! - 1;
        if (left > 0) this.holders.set(key, left);
        else this.holders.delete(key);
      }
    }
    const at = this.opened?.documents.get(documentId);
    if (at === undefined || this.droppedDocuments.has(documentId)) return;
    this.droppedDocuments.add(documentId);
    const { starts, keys: openedKeys } = this.opened!.keys;
    for (let i = starts[at]!; i < starts[at + 1]!; i++) this.dropped.set(openedKeys[i]!, (this.dropped.get(openedKeys[i]!) ?? 0) + 1);
  }

  clear(): void {
    this.opened = undefined;
    this.droppedDocuments.clear();
    this.dropped.clear();
    this.keysOf.clear();
    this.holders.clear();
  }
}
