import fs from 'node:fs';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { createLogger } from '../core/log.js';

const log = createLogger('retrieval');

/**
 * Graph shape, measured by tests/bench/retrieval/vector-index.bench.ts on
 * 50K clustered 512-d unit vectors (2 busy cores): connectivity 16 and
 * expansion 64 at search find the exact top 10 (recall@10 1.0) in ~0.5 ms.
 * f16 vectors keep that recall at half the memory and file of f32 and add
 * faster (128 vs 79 vectors/s under a load average of 15); int8 lost a
 * tenth of the true neighbours (recall 0.88).
 */
const GRAPH_SHAPE = { metric: MetricKind.Cos, quantization: ScalarKind.F16, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false };
/** Threads for adding vectors: the host has 2 cores and the caller's loop needs one. */
const ADD_THREADS = 1;

/**
 * An HNSW graph (usearch) over unit vectors under numeric keys: top-k in
 * well under a millisecond where a scan of 200K passages takes tens. Opened
 * from a file it is memory-mapped (view), so opening costs no reading; the
 * first change reads it into memory, since a mapped graph is immutable.
 */
export class VectorGraph {
  private index: Index;
  /** The file a viewed (read-only, mapped) graph comes from; undefined once it is in memory. */
  private viewedFrom: string | undefined;
  /** Changed since it was opened or last saved. */
  changed = false;

  private constructor(readonly dimensions: number) {
    this.index = new Index({ dimensions, ...GRAPH_SHAPE });
  }

  static empty(dimensions: number): VectorGraph {
    return new VectorGraph(dimensions);
  }

  /** Maps a saved graph; undefined when the file is missing, unreadable or of another dimension (the caller rebuilds). */
  static view(file: string, dimensions: number, expectedSize: number): VectorGraph | undefined {
    const graph = new VectorGraph(dimensions);
    try {
      graph.index.view(file);
    } catch (error) {
      log.warn('cannot open the vector graph; rebuilding it', { file, error });
      return undefined;
    }
    if (graph.index.dimensions() !== dimensions || graph.index.size() !== expectedSize) {
      log.warn('the vector graph does not match its index file; rebuilding it', { file, size: graph.index.size(), expectedSize });
      return undefined;
    }
    graph.viewedFrom = file;
    return graph;
  }

  get size(): number {
    return this.index.size();
  }

  /** Adds vectors packed in one array, one key each. */
  add(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.writable();
    this.index.add(BigUint64Array.from(keys, BigInt), vectors, ADD_THREADS);
    this.changed = true;
  }

  remove(keys: readonly number[]): void {
    if (keys.length === 0) return;
    this.writable();
    this.index.remove(BigUint64Array.from(keys, BigInt));
    this.changed = true;
  }

  /** Keys of the (approximately) nearest k vectors, nearest first, with their cosine similarity. */
  search(query: Float32Array, k: number): { key: number; score: number }[] {
    const size = this.index.size();
    if (size === 0) return [];
    const found = this.index.search(query, Math.min(k, size), 1);
    return Array.from(found.keys, (key, i) => ({ key: Number(key), score: 1 - found.distances[i]! }));
  }

  /** Writes the graph to a temporary file, syncs it and renames it into place: never half a file. */
  save(file: string): void {
    const temporary = `${file}.${process.pid}.tmp`;
    this.index.save(temporary);
    const fd = fs.openSync(temporary, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    this.changed = false;
  }

  /**
   * Reads a mapped graph into memory so it can change. False when its file
   * can no longer be read as the graph that was mapped (another process
   * replaced or removed it): the caller then rebuilds from its vectors.
   */
  makeWritable(): boolean {
    if (!this.viewedFrom) return true;
    const file = this.viewedFrom;
    this.viewedFrom = undefined;
    const loaded = new Index({ dimensions: this.dimensions, ...GRAPH_SHAPE });
    try {
      loaded.load(file);
    } catch (error) {
      log.warn('cannot read the vector graph into memory', { file, error });
      return false;
    }
    if (loaded.size() !== this.index.size()) return false;
    this.index = loaded;
    return true;
  }

  private writable(): void {
    if (this.viewedFrom) throw new Error('the vector graph is mapped read-only: call makeWritable() first');
  }
}
