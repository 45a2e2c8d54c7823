import { RowColumns, type VectorRow } from './row-columns.js';
import { StoredVectors } from './stored-vectors.js';
import { dot } from './unit-vector.js';
import { VectorGraph } from './vector-graph.js';

export type { KeyedVectorRow, VectorRow } from './row-columns.js';

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

/** Which slots hold a document's rows and a hash's vector: built when first needed (indexing), not when the index opens. */
interface Lookups {
  slotsOf: Map<string, number[]>;
  /** A slot holding each hash; the others holding it (a paragraph repeated across documents) wait in moreSlotsByHash. */
  slotByHash: Map<string, number>;
  moreSlotsByHash: Map<string, number[]>;
}

/**
 * Unit vectors of passages. Vectors live in one Float32Array, one slot per
 * row (what the file stores and what an unchanged passage reuses), and in
 * an HNSW graph keyed by each row's key, which answers top-k over 200K
 * passages in about a millisecond. Rows are columns (RowColumns). Small
 * indexes and narrow filters are scanned exactly. Rows of a document are
 * replaced together; removed rows leave the graph at once and the array
 * when the index is compacted.
 *
 * Opening asks for as little as searching needs: the rows' columns and the
 * mapped graph. The vectors are read in after (readStep, or at once by
 * whatever needs them), and the maps from document and hash to slot are
 * built at the first change or reuse.
 */
export class VectorIndex {
  private data: Float32Array;
  /** The file's vectors while some are still unread into `data` (see StoredVectors). */
  private stored: StoredVectors | undefined;
  private rows: RowColumns;
  private lookups: Lookups | undefined;
  private live: number;
  private nextKey: number;
  private graph: VectorGraph;
  /** Slots below this are in the graph; slots from it up to graphEnd wait to be added (see buildGraphStep). */
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
    initial?: { rows: RowColumns; vectors: Float32Array | StoredVectors; graphFile?: string; deferGraph?: boolean },
  ) {
    if (!initial) {
      this.data = new Float32Array(dimensions * 256);
      this.rows = RowColumns.empty();
      this.live = 0;
      this.nextKey = 0;
      this.graph = VectorGraph.empty(dimensions);
      return;
    }
    const stored = initial.vectors instanceof StoredVectors ? initial.vectors : StoredVectors.inMemory(initial.vectors);
    this.data = stored.data;
    this.stored = stored.complete ? undefined : stored;
    this.rows = initial.rows;
    const slots = this.rows.slots;
    this.live = 0;
    for (let slot = 0; slot < slots; slot++) if (this.rows.isLive(slot)) this.live++;
    this.nextKey = slots === 0 ? 0 : this.rows.keyAt(slots - 1) + 1;
    if (initial.deferGraph) {
      this.graph = VectorGraph.empty(dimensions);
      this.graphEnd = slots;
      return;
    }
    const viewed = initial.graphFile ? VectorGraph.view(initial.graphFile, dimensions, this.live) : undefined;
    this.graph = viewed ?? this.rebuiltGraph();
  }

  /** Every vector, read in first if the file's are not all in yet. */
  private vectors(): Float32Array {
    if (this.stored) {
      this.stored.readAll();
      this.stored = undefined;
    }
    return this.data;
  }

  /** Reads up to `bytes` more of the file's vectors into memory; true while some are still unread. */
  readStep(bytes: number): boolean {
    if (!this.stored) return false;
    if (this.stored.readStep(bytes)) return true;
    this.stored = undefined;
    return false;
  }

  /** Stops reading the file's vectors (the index is being dropped). */
  close(): void {
    this.stored?.close();
    this.stored = undefined;
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
    const data = this.vectors();
    const end = Math.min(this.graphEnd, this.graphCursor + rows);
    const keys: number[] = [];
    const vectors = new Float32Array((end - this.graphCursor) * d);
    for (let slot = this.graphCursor; slot < end; slot++) {
      if (!this.rows.isLive(slot)) continue;
      vectors.set(data.subarray(slot * d, (slot + 1) * d), keys.length * d);
      keys.push(this.rows.keyAt(slot));
    }
    this.graphCursor = end;
    this.graph.add(keys, vectors.subarray(0, keys.length * d));
    return this.graphPending;
  }

  /** Passages indexed. */
  get size(): number {
    return this.live;
  }

  /** Whether the graph changed since it was opened or saved. */
  get graphChanged(): boolean {
    return this.graph.changed;
  }

  /** The vector stored for a passage hash, if any row has it (an unchanged passage needs no new embedding). */
  vectorOf(hash: string): Float32Array | undefined {
    const slot = this.lookup().slotByHash.get(hash);
    return slot === undefined ? undefined : this.vectors().slice(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  private lookup(): Lookups {
    if (this.lookups) return this.lookups;
    const lookups: Lookups = { slotsOf: new Map(), slotByHash: new Map(), moreSlotsByHash: new Map() };
    this.lookups = lookups;
    for (let slot = 0; slot < this.rows.slots; slot++) if (this.rows.isLive(slot)) this.attach(slot);
    return lookups;
  }

  private attach(slot: number): void {
    const { slotsOf, slotByHash, moreSlotsByHash } = this.lookup();
    const documentId = this.rows.documentAt(slot);
    const hash = this.rows.hashAt(slot);
    const list = slotsOf.get(documentId);
    if (list) list.push(slot);
    else slotsOf.set(documentId, [slot]);
    const holder = slotByHash.get(hash);
    if (holder !== undefined) {
      const more = moreSlotsByHash.get(hash);
      if (more) more.push(holder);
      else moreSlotsByHash.set(hash, [holder]);
    }
    slotByHash.set(hash, slot);
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
    const data = this.vectors();
    const need = (this.rows.slots + rows.length) * d;
    if (need > data.length) {
      const grown = new Float32Array(Math.max(need, data.length * 2));
      grown.set(data);
      this.data = grown;
    }
    const first = this.rows.slots;
    const keys: number[] = [];
    rows.forEach((row, i) => {
      const key = this.nextKey++;
      const slot = this.rows.append(documentId, row.hash, row.start, row.end, key);
      this.data.set(vectors[i]!, slot * d);
      this.attach(slot);
      this.live++;
      keys.push(key);
    });
    return { keys, first };
  }

  remove(documentId: string): void {
    const { slotsOf } = this.lookup();
    const slots = slotsOf.get(documentId);
    if (!slots) return;
    const keys: number[] = [];
    for (const slot of slots) {
      this.detachHash(this.rows.hashAt(slot), slot);
      keys.push(this.rows.keyAt(slot));
      this.rows.kill(slot);
      this.live--;
    }
    slotsOf.delete(documentId);
    this.changeGraph((graph) => graph.remove(keys));
  }

  /** Forgets that a slot holds a hash; another slot holding it, if any, keeps the hash's vector known. */
  private detachHash(hash: string, slot: number): void {
    const { slotByHash, moreSlotsByHash } = this.lookup();
    const more = moreSlotsByHash.get(hash);
    if (slotByHash.get(hash) === slot) {
      const next = more?.pop();
      if (next === undefined) slotByHash.delete(hash);
      else slotByHash.set(hash, next);
    } else if (more) {
      const i = more.indexOf(slot);
      if (i >= 0) more.splice(i, 1);
    }
    if (more?.length === 0) moreSlotsByHash.delete(hash);
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
      Array.from({ length: rows.slots }, (_, slot) => rows.keyAt(slot)),
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

  private hitAt(slot: number, score: number): VectorHit {
    const rows = this.rows;
    return { documentId: rows.documentAt(slot), hash: rows.hashAt(slot), start: rows.startAt(slot), end: rows.endAt(slot), score };
  }

  private graphHits(query: Float32Array, k: number): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const { key, score } of this.graph.search(query, k)) {
      const slot = this.rows.slotOfKey(key);
      if (slot !== undefined) hits.push(this.hitAt(slot, score));
    }
    return hits;
  }

  /** Exact: every live row's dot product with the query. */
  private scanPassages(query: Float32Array, limit: number, accept?: (documentId: string) => boolean): VectorHit[] {
    const top: { slot: number; score: number }[] = [];
    const d = this.dimensions;
    const data = this.vectors();
    const rows = this.rows;
    const bounded = Number.isFinite(limit);
    for (let slot = 0; slot < rows.slots; slot++) {
      if (!rows.isLive(slot) || (accept && !accept(rows.documentAt(slot)))) continue;
      const score = dot(query, data, slot * d);
      if (!bounded) {
        top.push({ slot, score });
        continue;
      }
      if (top.length === limit && score <= top[limit - 1]!.score) continue;
      let i = top.length < limit ? top.length : limit - 1;
      while (i > 0 && top[i - 1]!.score < score) {
        if (i < limit) top[i] = top[i - 1]!;
        i--;
      }
      top[i] = { slot, score };
    }
    if (!bounded) top.sort((a, b) => b.score - a.score);
    return top.map(({ slot, score }) => this.hitAt(slot, score));
  }

  /** Saves the graph (see VectorGraph.save); the file that names it must be written after. */
  saveGraph(file: string): void {
    this.graph.save(file);
  }

  /** Live rows and their vectors, packed (what the file stores). */
  compacted(): { rows: RowColumns; vectors: Float32Array } {
    const d = this.dimensions;
    const data = this.vectors();
    const { columns, from } = this.rows.compacted();
    const vectors = new Float32Array(from.length * d);
    from.forEach((slot, at) => vectors.set(data.subarray(slot * d, (slot + 1) * d), at * d));
    return { rows: columns, vectors };
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
