import { dot } from './unit-vector.js';
import { VectorGraph } from './vector-graph.js';

/** Where a stored vector came from. */
export interface VectorRow {
  documentId: string;
  /** Content hash of the passage text (see Passage.hash). */
  hash: string;
  start: number;
  end: number;
}

/** A row with its key in the graph: keys are never reused, so a replaced passage can't be confused with its successor. */
export interface KeyedVectorRow extends VectorRow {
  key: number;
}

export interface VectorHit extends VectorRow {
  /** Cosine similarity to the query, -1..1. */
  score: number;
}

/**
 * Below this many passages a Float32Array scan is exact and takes a few
 * milliseconds, so small workspaces get recall 1 by construction; above it
 * the graph answers (tests/bench/retrieval/vector-index.bench.ts: the scan
 * grows ~0.6 ms per 1K passages of 512-d, the graph stays under 1 ms).
 */
const SCAN_BELOW = 4096;
/** Passages asked of the graph per document wanted: a document's passages cluster, so its best few crowd the list. */
const PASSAGES_PER_DOCUMENT = 8;
/** Past this many graph candidates a filtered or aggregated search scans instead: the filter is narrow. */
const GRAPH_CANDIDATES_MAX = 4096;

/**
 * Unit vectors of passages. Vectors live in one Float32Array (what the file
 * stores and what an unchanged passage reuses) and in an HNSW graph keyed by
 * each row's key, which answers top-k over 200K passages in about a
 * millisecond. Small indexes and narrow filters are scanned exactly. Rows of
 * a document are replaced together; removed rows leave the graph at once
 * and the array when the index is compacted.
 */
export class VectorIndex {
  private data: Float32Array;
  private rows: (KeyedVectorRow | undefined)[] = [];
  private readonly rowsOf = new Map<string, number[]>();
  private readonly slotOfKey = new Map<number, number>();
  /** A slot holding each hash; the others holding it (a paragraph repeated across documents) wait in moreRowsByHash. */
  private readonly rowByHash = new Map<string, number>();
  private readonly moreRowsByHash = new Map<string, number[]>();
  private live = 0;
  private nextKey = 0;
  private graph: VectorGraph;
  /** Rows below this slot are in the graph; rows from it up to graphEnd wait to be added (see buildGraphStep). */
  private graphCursor = 0;
  private graphEnd = 0;

  /**
   * initial: rows and vectors read from a file, and the graph file saved
   * with them; a graph that is missing or does not match is rebuilt from
   * the vectors. With `deferGraph` (a vault, which keeps no graph file) the
   * graph is built later, a step at a time (buildGraphStep), and searches
   * scan exactly until it is whole: opening does not wait for it.
   */
  constructor(
    readonly dimensions: number,
    initial?: { rows: KeyedVectorRow[]; vectors: Float32Array; graphFile?: string; deferGraph?: boolean },
  ) {
    if (!initial) {
      this.data = new Float32Array(dimensions * 256);
      this.graph = VectorGraph.empty(dimensions);
      return;
    }
    this.data = initial.vectors;
    initial.rows.forEach((row, at) => this.attach(row, at));
    this.rows = [...initial.rows];
    if (initial.deferGraph) {
      this.graph = VectorGraph.empty(dimensions);
      this.graphEnd = this.rows.length;
      return;
    }
    const viewed = initial.graphFile ? VectorGraph.view(initial.graphFile, dimensions, initial.rows.length) : undefined;
    this.graph = viewed ?? this.rebuiltGraph();
  }

  /** Whether rows still wait to be added to the graph (a deferred build). */
  get graphPending(): boolean {
    return this.graphCursor < this.graphEnd;
  }

  /**
   * Adds up to `rows` waiting rows to the graph; rows removed meanwhile are
   * skipped (their keys were never added, and keys are never reused).
   * Returns whether rows still wait.
   */
  buildGraphStep(rows: number): boolean {
    const d = this.dimensions;
    const end = Math.min(this.graphEnd, this.graphCursor + rows);
    const keys: number[] = [];
    const vectors = new Float32Array((end - this.graphCursor) * d);
    for (let at = this.graphCursor; at < end; at++) {
      const row = this.rows[at];
      if (!row) continue;
      vectors.set(this.data.subarray(at * d, (at + 1) * d), keys.length * d);
      keys.push(row.key);
    }
    this.graphCursor = end;
    this.graph.add(keys, vectors.subarray(0, keys.length * d));
    return this.graphPending;
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

  /** Whether the graph changed since it was opened or saved. */
  get graphChanged(): boolean {
    return this.graph.changed;
  }

  /** The vector stored for a passage hash, if any row has it (an unchanged passage needs no new embedding). */
  vectorOf(hash: string): Float32Array | undefined {
    const at = this.rowByHash.get(hash);
    return at === undefined ? undefined : this.data.slice(at * this.dimensions, (at + 1) * this.dimensions);
  }

  private attach(row: KeyedVectorRow, at: number): void {
    const list = this.rowsOf.get(row.documentId);
    if (list) list.push(at);
    else this.rowsOf.set(row.documentId, [at]);
    const holder = this.rowByHash.get(row.hash);
    if (holder !== undefined) {
      const more = this.moreRowsByHash.get(row.hash);
      if (more) more.push(holder);
      else this.moreRowsByHash.set(row.hash, [holder]);
    }
    this.rowByHash.set(row.hash, at);
    this.slotOfKey.set(row.key, at);
    this.nextKey = Math.max(this.nextKey, row.key + 1);
    this.live++;
  }

  /** Replaces every passage of a document. */
  put(documentId: string, rows: readonly VectorRow[], vectors: readonly Float32Array[]): void {
    const { keys, first } = this.place(documentId, rows, vectors);
    this.changeGraph((graph) => graph.add(keys, this.data.slice(first * this.dimensions, (first + keys.length) * this.dimensions)));
  }

  /** The row bookkeeping of put: replaces the document's rows and vectors; returns the new rows' keys and first slot (the graph is the caller's). */
  private place(documentId: string, rows: readonly VectorRow[], vectors: readonly Float32Array[]): { keys: number[]; first: number } {
    const d = this.dimensions;
    vectors.forEach((vector, i) => {
      if (vector.length !== d) throw new RangeError(`vector ${i} has ${vector.length} dimensions, the index ${d}`);
    });
    this.remove(documentId);
    const need = (this.rows.length + rows.length) * d;
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    const first = this.rows.length;
    const keys: number[] = [];
    rows.forEach((row, i) => {
      const at = this.rows.length;
      const keyed = { documentId, hash: row.hash, start: row.start, end: row.end, key: this.nextKey };
      this.data.set(vectors[i]!, at * d);
      this.rows.push(keyed);
      this.attach(keyed, at);
      keys.push(keyed.key);
    });
    return { keys, first };
  }

  remove(documentId: string): void {
    const list = this.rowsOf.get(documentId);
    if (!list) return;
    const keys: number[] = [];
    for (const at of list) {
      const row = this.rows[at];
      if (!row) continue;
      this.detachHash(row.hash, at);
      this.slotOfKey.delete(row.key);
      keys.push(row.key);
      this.rows[at] = undefined;
      this.live--;
    }
    this.rowsOf.delete(documentId);
    this.changeGraph((graph) => graph.remove(keys));
  }

  /** Forgets that a slot holds a hash; another slot holding it, if any, keeps the hash's vector known. */
  private detachHash(hash: string, at: number): void {
    const more = this.moreRowsByHash.get(hash);
    if (this.rowByHash.get(hash) === at) {
      const next = more?.pop();
      if (next === undefined) this.rowByHash.delete(hash);
      else this.rowByHash.set(hash, next);
    } else if (more) {
      const i = more.indexOf(at);
      if (i >= 0) more.splice(i, 1);
    }
    if (more?.length === 0) this.moreRowsByHash.delete(hash);
  }

  /** Applies a change to the graph, first reading a mapped graph into memory (or rebuilding it when its file is gone). */
  private changeGraph(change: (graph: VectorGraph) => void): void {
    if (!this.graph.makeWritable()) {
      // Rebuilt from the rows as they are now: the change is already in them.
      this.graph = this.rebuiltGraph();
      return;
    }
    change(this.graph);
  }

  private rebuiltGraph(): VectorGraph {
    const graph = VectorGraph.empty(this.dimensions);
    const { rows, vectors } = this.compacted();
    graph.add(
      rows.map((r) => r.key),
      vectors,
    );
    return graph;
  }

  /** The best passages for a unit query vector, best first; accept filters by document. */
  searchPassages(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    if (limit <= 0 || this.live === 0) return [];
    if (this.live >= SCAN_BELOW && !this.graphPending) {
      for (let k = accept ? limit * PASSAGES_PER_DOCUMENT : limit; ; k *= 4) {
        const hits = this.graphHits(query, k).filter((hit) => !accept || accept(hit.documentId));
        if (hits.length >= limit || k >= this.live) return hits.slice(0, limit);
        if (k * 4 > GRAPH_CANDIDATES_MAX) break;
      }
    }
    return this.scanPassages(query, limit, accept);
  }

  /** The best documents, each scored by its best passage (and carrying it), best first. */
  searchDocuments(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    if (limit <= 0 || this.live === 0) return [];
    if (this.live >= SCAN_BELOW && !this.graphPending) {
      for (let k = limit * PASSAGES_PER_DOCUMENT; ; k *= 4) {
        const best = bestPerDocument(this.graphHits(query, k).filter((hit) => !accept || accept(hit.documentId)));
        if (best.length >= limit || k >= this.live) return best.slice(0, limit);
        if (k * 4 > GRAPH_CANDIDATES_MAX) break;
      }
    }
    return bestPerDocument(this.scanPassages(query, Infinity, accept)).slice(0, limit);
  }

  private graphHits(query: Float32Array, k: number): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const { key, score } of this.graph.search(query, k)) {
      const at = this.slotOfKey.get(key);
      const row = at === undefined ? undefined : this.rows[at];
      if (row) hits.push({ documentId: row.documentId, hash: row.hash, start: row.start, end: row.end, score });
    }
    return hits;
  }

  /** Exact: every live row's dot product with the query. */
  private scanPassages(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    const top: VectorHit[] = [];
    const d = this.dimensions;
    const bounded = Number.isFinite(limit);
    for (let at = 0; at < this.rows.length; at++) {
      const row = this.rows[at];
      if (!row || (accept && !accept(row.documentId))) continue;
      const score = dot(query, this.data, at * d);
      const hit = { documentId: row.documentId, hash: row.hash, start: row.start, end: row.end, score };
      if (!bounded) {
        top.push(hit);
        continue;
      }
      if (top.length === limit && score <= top[limit - 1]!.score) continue;
      let i = top.length < limit ? top.length : limit - 1;
      while (i > 0 && top[i - 1]!.score < score) {
        if (i < limit) top[i] = top[i - 1]!;
        i--;
      }
      top[i] = hit;
    }
    return bounded ? top : top.sort((a, b) => b.score - a.score);
  }

  /** Saves the graph (see VectorGraph.save); the file that names it must be written after. */
  saveGraph(file: string): void {
    this.graph.save(file);
  }

  /** Live rows and their vectors, packed (what the file stores). */
  compacted(): { rows: KeyedVectorRow[]; vectors: Float32Array } {
    const d = this.dimensions;
    const rows: KeyedVectorRow[] = [];
    const vectors = new Float32Array(this.live * d);
    this.rows.forEach((row, at) => {
      if (!row) return;
      vectors.set(this.data.subarray(at * d, (at + 1) * d), rows.length * d);
      rows.push(row);
    });
    return { rows, vectors };
  }
}

/** Each document once, with its best passage, best first. */
function bestPerDocument(hits: readonly VectorHit[]): VectorHit[] {
  const best = new Map<string, VectorHit>();
  for (const hit of hits) {
    const prior = best.get(hit.documentId);
    if (!prior || hit.score > prior.score) best.set(hit.documentId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
