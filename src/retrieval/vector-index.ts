import { dot } from './unit-vector.js';

/** Where a stored vector came from. */
export interface VectorRow {
  documentId: string;
  /** Content hash of the passage text (see Passage.hash). */
  hash: string;
  start: number;
  end: number;
}

export interface VectorHit extends VectorRow {
  /** Cosine similarity to the query, -1..1. */
  score: number;
}

/**
 * Unit vectors of passages, searched by exact scan: at 150K x 512-d a
 * Float32Array dot-product loop takes tens of milliseconds (STACK.md:
 * 34 ms for 50K x 384-d), with recall 1 by construction and no minute-long
 * graph build on 2 cores. Rows of a document are replaced together;
 * removed rows are marked dead and dropped when the index is compacted.
 */
export class VectorIndex {
  private data: Float32Array;
  private rows: (VectorRow | undefined)[] = [];
  private readonly rowsOf = new Map<string, number[]>();
  private live = 0;

  constructor(readonly dimensions: number, initial?: { rows: VectorRow[]; vectors: Float32Array }) {
    if (initial) {
      this.data = initial.vectors;
      initial.rows.forEach((row, i) => this.attach(row, i));
      this.rows = [...initial.rows];
    } else this.data = new Float32Array(dimensions * 256);
  }

  /** Passages indexed. */
  get size(): number {
    return this.live;
  }

  get documentCount(): number {
    return this.rowsOf.size;
  }

  has(documentId: string): boolean {
    return this.rowsOf.has(documentId);
  }

  /** The vector stored for a passage hash, if any row has it (an unchanged passage needs no new embedding). */
  vectorOf(hash: string): Float32Array | undefined {
    const at = this.rowByHash.get(hash);
    return at === undefined ? undefined : this.data.slice(at * this.dimensions, (at + 1) * this.dimensions);
  }

  private readonly rowByHash = new Map<string, number>();

  private attach(row: VectorRow, at: number): void {
    const list = this.rowsOf.get(row.documentId);
    if (list) list.push(at);
    else this.rowsOf.set(row.documentId, [at]);
    this.rowByHash.set(row.hash, at);
    this.live++;
  }

  /** Replaces every passage of a document. */
  put(documentId: string, rows: readonly VectorRow[], vectors: readonly Float32Array[]): void {
    this.remove(documentId);
    const d = this.dimensions;
    const need = (this.rows.length + rows.length) * d;
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    rows.forEach((row, i) => {
      const vector = vectors[i]!;
      if (vector.length !== d) throw new RangeError(`vector ${i} has ${vector.length} dimensions, the index ${d}`);
      const at = this.rows.length;
      this.data.set(vector, at * d);
      this.rows.push({ ...row, documentId });
      this.attach({ ...row, documentId }, at);
    });
  }

  remove(documentId: string): void {
    const list = this.rowsOf.get(documentId);
    if (!list) return;
    for (const at of list) {
      const row = this.rows[at];
      if (row && this.rowByHash.get(row.hash) === at) this.rowByHash.delete(row.hash);
      this.rows[at] = undefined;
      this.live--;
    }
    this.rowsOf.delete(documentId);
  }

  /** The best passages for a unit query vector, best first; accept filters by document. */
  searchPassages(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    const top: VectorHit[] = [];
    const d = this.dimensions;
    for (let at = 0; at < this.rows.length; at++) {
      const row = this.rows[at];
      if (!row || (accept && !accept(row.documentId))) continue;
      const score = dot(query, this.data, at * d);
      if (top.length === limit && score <= top[limit - 1]!.score) continue;
      let i = top.length < limit ? top.length : limit - 1;
      while (i > 0 && top[i - 1]!.score < score) {
        if (i < limit) top[i] = top[i - 1]!;
        i--;
      }
      top[i] = { ...row, score };
    }
    return top;
  }

  /** The best documents, each scored by its best passage (and carrying it), best first. */
  searchDocuments(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    const best = new Map<string, VectorHit>();
    const d = this.dimensions;
    for (let at = 0; at < this.rows.length; at++) {
      const row = this.rows[at];
      if (!row || (accept && !accept(row.documentId))) continue;
      const score = dot(query, this.data, at * d);
      const prior = best.get(row.documentId);
      if (!prior || score > prior.score) best.set(row.documentId, { ...row, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Live rows and their vectors, packed (what the file stores). */
  compacted(): { rows: VectorRow[]; vectors: Float32Array } {
    const d = this.dimensions;
    const rows: VectorRow[] = [];
    const vectors = new Float32Array(this.live * d);
    this.rows.forEach((row, at) => {
      if (!row) return;
      vectors.set(this.data.subarray(at * d, (at + 1) * d), rows.length * d);
      rows.push(row);
    });
    return { rows, vectors };
  }
}
