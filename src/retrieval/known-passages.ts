/**
 * Which passage content hashes the vector index holds, kept on the
 * indexing side (SemanticIndex) so an indexing step knows what to embed
 * without asking the index's worker first: one round trip per step (the
 * put) instead of two. It mirrors what was sent to the worker, which
 * applies calls in order; should it ever disagree, nothing is lost: a hash
 * wrongly thought held comes back from the put as missing and is embedded
 * then, a hash wrongly thought absent is embedded once more.
 *
 * Counted per hash, since two documents can hold the same passage (a
 * repeated paragraph): removing one must not forget the other's.
 */
export class KnownPassages {
  private readonly hashesOf = new Map<string, readonly string[]>();
  private readonly holders = new Map<string, number>();

  /** The hashes each document's passages had when the index was opened. */
  constructor(documents: Iterable<readonly [string, readonly string[]]> = []) {
    for (const [documentId, hashes] of documents) this.set(documentId, hashes);
  }

  has(hash: string): boolean {
    return this.holders.has(hash);
  }

  /** Of these hashes, those no document's passage holds. */
  missing(hashes: Iterable<string>): string[] {
    return [...hashes].filter((hash) => !this.holders.has(hash));
  }

  /** A document's passages are now these (replacing the ones it had). */
  set(documentId: string, hashes: readonly string[]): void {
    this.remove(documentId);
    this.hashesOf.set(documentId, hashes);
    for (const hash of hashes) this.holders.set(hash, (this.holders.get(hash) ?? 0) + 1);
  }

  remove(documentId: string): void {
    const hashes = this.hashesOf.get(documentId);
    if (!hashes) return;
    this.hashesOf.delete(documentId);
    for (const hash of hashes) {
      const left = this.holders.get(hash)! - 1;
      if (left > 0) this.holders.set(hash, left);
      else this.holders.delete(hash);
    }
  }

  clear(): void {
    this.hashesOf.clear();
    this.holders.clear();
  }
}
