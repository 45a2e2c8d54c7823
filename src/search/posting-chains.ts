/**
 * Postings added to an index since its base was frozen: one chain per term
 * through flat typed arrays (ordinal, packed tf, next), appended in ordinal
 * order, so each chain is ascending. No array or boxed number per term or
 * posting: at 50K documents the build appends 6.5 million postings, and
 * per-term JS arrays of them were much of the build's garbage collection.
 * Each column has its own append code (no shared generic push over typed
 * array kinds, which went megamorphic).
 */
export class PostingChains {
  private ordinals = new Uint32Array(1024);
  private tfs = new Uint16Array(1024);
  private next = new Int32Array(1024);
  /** Each posting's term, so compaction can sort them by term in one linear pass. */
  private termOf = new Uint32Array(1024);
  private size = 0;
  /** By term id: first and last posting of its chain (-1: none), and how many. */
  private heads = new Int32Array(256).fill(-1);
  private tails = new Int32Array(256).fill(-1);
  private counts = new Uint32Array(256);

  /** Postings held, over every term. */
  get length(): number {
    return this.size;
  }

  count(term: number): number {
    return term < this.counts.length ? this.counts[term]! : 0;
  }

  /** Appends a posting to a term's chain; ordinals must not decrease within a term. */
  add(term: number, ordinal: number, tf: number): void {
    if (term >= this.heads.length) this.growTerms(term + 1);
    if (this.size === this.ordinals.length) this.growPostings();
    const p = this.size++;
    this.ordinals[p] = ordinal;
    this.tfs[p] = tf;
    this.next[p] = -1;
    this.termOf[p] = term;
    const tail = this.tails[term]!;
    if (tail < 0) this.heads[term] = p;
    else this.next[tail] = p;
    this.tails[term] = p;
    this.counts[term]!++;
  }

  /** Calls visit(ordinal, tf) for a term's postings, in ordinal order. */
  forEach(term: number, visit: (ordinal: number, tf: number) => void): void {
    if (term >= this.heads.length) return;
    for (let p = this.heads[term]!; p >= 0; p = this.next[p]!) visit(this.ordinals[p]!, this.tfs[p]!);
  }

  /** Adds to live[term] the postings of each term whose document remap keeps (remap[ordinal] >= 0). */
  countLive(remap: Int32Array, live: Uint32Array): void {
    for (let p = 0; p < this.size; p++) if (remap[this.ordinals[p]!]! >= 0) live[this.termOf[p]!]!++;
  }

  /**
   * Writes the kept postings into ordinals/tfs (ordinals renumbered by
   * remap), each term's from at[term] on, advancing at[term]: a counting
   * sort by term. Postings were appended in ordinal order, so one pass in
   * that order keeps every term's list ascending.
   */
  scatter(remap: Int32Array, at: Uint32Array, ordinals: Uint32Array, tfs: Uint16Array): void {
    for (let p = 0; p < this.size; p++) {
      const d = remap[this.ordinals[p]!]!;
      if (d < 0) continue;
      const i = at[this.termOf[p]!]!++;
      ordinals[i] = d;
      tfs[i] = this.tfs[p]!;
    }
  }

  private growPostings(): void {
    const capacity = this.ordinals.length * 2;
    const ordinals = new Uint32Array(capacity);
    ordinals.set(this.ordinals);
    this.ordinals = ordinals;
    const tfs = new Uint16Array(capacity);
    tfs.set(this.tfs);
    this.tfs = tfs;
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.next = next;
    const termOf = new Uint32Array(capacity);
    termOf.set(this.termOf);
    this.termOf = termOf;
  }

  private growTerms(least: number): void {
    const capacity = Math.max(least, this.heads.length * 2);
    const heads = new Int32Array(capacity).fill(-1);
    heads.set(this.heads);
    this.heads = heads;
    const tails = new Int32Array(capacity).fill(-1);
    tails.set(this.tails);
    this.tails = tails;
    const counts = new Uint32Array(capacity);
    counts.set(this.counts);
    this.counts = counts;
  }
}
