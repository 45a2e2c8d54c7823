import path from 'node:path';
import { createLogger } from '../core/log.js';
import { FileCipher, type FileCipherKeys } from '../core/crypto/file-cipher.js';
import { acceptOf, type DocumentFilter } from './document-filter.js';
import { toDocumentColumns, type DocumentColumns } from './document-columns.js';
import type { PassageKeys } from './known-passages.js';
import { RowColumns } from './row-columns.js';
import { VectorIndex, type VectorHit, type VectorRow } from './vector-index.js';
import { readVectorIndexFile, removeVectorIndex, saveSealedVectorIndex, saveVectorIndex, type DocumentEntry } from './vector-index-file.js';

const log = createLogger('retrieval');
/** Rows added to a deferred graph per step: ~10-50 ms of adds on a busy core, so a search waits at most that long behind one. */
const GRAPH_STEP_ROWS = 256;
/** Vector bytes read in per step after opening: a few ms (410 MB took 1.2 s), so a search waits at most that long behind one. */
const READ_STEP_BYTES = 1 << 20;

export interface SemanticHit extends VectorHit, DocumentEntry {}

/** Where an index lives and what it must match to be reused. */
export interface IndexIdentity {
  /** The index file; undefined keeps the index in memory only. */
  file: string | undefined;
  /** The embedder's id and vector size: vectors of another model are not comparable. */
  model: string;
  dimensions: number;
  /** The store the index describes. */
  location: string;
  /** A vault's file keys (FileCipher.keys): the file is then sealed, and no graph file is kept (see saveVectorIndex). */
  fileKeys?: FileCipherKeys;
}

/** What opening found, for the side that keeps the queue. */
export interface OpenedIndex {
  documents: DocumentColumns;
  /** Each indexed document's passages, for the indexing side's KnownPassages. */
  passageKeys: PassageKeys;
  pending: string[];
  passages: number;
  /** The file needs saving although nothing changed since (a rebuilt graph, an older format). */
  dirty: boolean;
}

/** A document's passages to index: rows in passage order, with the vectors of those not indexed yet. */
export interface DocumentPassages {
  documentId: string;
  entry: DocumentEntry;
  rows: VectorRow[];
  /** Vectors by passage hash; a hash the index already holds may be left out. */
  fresh: Map<string, Float32Array>;
}

/**
 * The passage vectors of a store and what is known of each document, with
 * everything that touches the HNSW graph: putting, removing, searching,
 * saving and (on opening) rebuilding a lost graph. It runs in the index's
 * worker thread (vector-index-worker.ts), so none of that work ever holds
 * the window's main loop; every method takes and returns plain data.
 */
export class IndexedPassages {
  private index: VectorIndex;
  private documents = new Map<string, DocumentEntry>();
  /** The graph file the saved index names (a base name beside the index file). */
  private graphName: string | undefined;
  /** A vault's cipher for the index file; null in a plain workspace. */
  private readonly files: FileCipher | null;

  constructor(private readonly identity: IndexIdentity) {
    this.index = new VectorIndex(identity.dimensions);
    this.files = identity.fileKeys ? new FileCipher(identity.fileKeys) : null;
  }

  /** Loads the saved index; a file from another model or store is set aside and rebuilt, never mixed. */
  open(): OpenedIndex {
    const { file, model, dimensions, location } = this.identity;
    let saved = file ? readVectorIndexFile(file, this.files) : undefined;
    if (saved && (saved.model !== model || saved.dimensions !== dimensions || saved.location !== location)) {
      log.info('the vector index was made by another model or for another store; rebuilding', { file, model: saved.model });
      saved = undefined;
    }
    if (!saved) return { documents: toDocumentColumns(new Map()), passageKeys: RowColumns.empty().passageKeys(), pending: [], passages: 0, dirty: false };
    // A vault keeps no graph file: its graph is built after opening, a step at a time between calls (catchUpStep).
    this.index.close();
    this.index = new VectorIndex(dimensions, { rows: saved.rows, vectors: saved.vectors, ...(saved.graphFile ? { graphFile: saved.graphFile } : {}), deferGraph: this.files !== null });
    this.documents = saved.documents;
    this.graphName = saved.graphFile && !this.index.graphChanged ? path.basename(saved.graphFile) : undefined;
    return {
      documents: toDocumentColumns(saved.documents),
      passageKeys: saved.rows.passageKeys(),
      pending: saved.pending,
      passages: this.index.size,
      // A graph rebuilt on opening (its file was missing or did not match), or a file of the older format, is saved with the next checkpoint.
      // A vault keeps no graph file: its graph is rebuilt at every open, and that alone is no reason to write.
      dirty: (this.index.graphChanged && !this.files) || saved.outdated === true,
    };
  }

  get passages(): number {
    return this.index.size;
  }

  /**
   * Does the next piece of what opening left for later: reading the file's
   * vectors into memory, then (a vault's) adding waiting rows to the graph.
   * True while work is left. The worker calls it between calls.
   */
  catchUpStep(): boolean {
    if (this.index.readStep(READ_STEP_BYTES)) return true;
    return this.index.graphPending && this.index.buildGraphStep(GRAPH_STEP_ROWS);
  }

  /** The vector of each hash, or null where the index holds none. */
  vectorsOf(hashes: readonly string[]): (Float32Array | null)[] {
    return hashes.map((hash) => this.index.vectorOf(hash) ?? null);
  }

  /**
   * Replaces the passages of each document. A document is never half
   * indexed: when a vector is neither given nor held (the caller's
   * KnownPassages thought it held), nothing is applied and the missing
   * hashes are returned for the caller to embed.
   */
  put(documents: readonly DocumentPassages[]): { missing: string[]; passages: number } {
    const missing = new Set<string>();
    for (const doc of documents) for (const row of doc.rows) if (!doc.fresh.has(row.hash) && !this.index.vectorOf(row.hash)) missing.add(row.hash);
    if (missing.size > 0) return { missing: [...missing], passages: this.index.size };
    // Every vector is taken before any document is replaced: replacing one may drop the last row of a hash a later one reuses.
    const vectors = documents.map((doc) => doc.rows.map((row) => doc.fresh.get(row.hash) ?? this.index.vectorOf(row.hash)!));
    documents.forEach((doc, i) => {
      this.index.put(doc.documentId, doc.rows, vectors[i]!);
      this.documents.set(doc.documentId, doc.entry);
    });
    return { missing: [], passages: this.index.size };
  }

  /** Metadata-only changes (thread, type, date): the filters change, the vectors stay. */
  setEntry(documentId: string, entry: DocumentEntry): void {
    this.documents.set(documentId, entry);
  }

  /** Forgets documents; returns the passages left. */
  remove(documentIds: readonly string[]): number {
    for (const id of documentIds) {
      this.index.remove(id);
      this.documents.delete(id);
    }
    return this.index.size;
  }

  /** The best documents for a unit vector, each with its best passage. */
  searchDocuments(vector: Float32Array, limit: number, filter?: DocumentFilter): SemanticHit[] {
    return this.decorated(this.index.searchDocuments(vector, limit, acceptOf(filter, this.documents)));
  }

  /** For each unit vector, the nearest indexed passages, best first. */
  nearestPassages(vectors: readonly Float32Array[], limit: number, filter?: DocumentFilter): SemanticHit[][] {
    const accept = acceptOf(filter, this.documents);
    return vectors.map((vector) => this.decorated(this.index.searchPassages(vector, limit, accept)));
  }

  private decorated(hits: readonly VectorHit[]): SemanticHit[] {
    return hits.flatMap((hit) => {
      const entry = this.documents.get(hit.documentId);
      return entry ? [{ ...hit, ...entry }] : [];
    });
  }

  /** Writes vectors, documents and the queue (graph first, then the index file that names it; see saveVectorIndex; sealed, without a graph, in a vault). */
  save(pending: readonly string[]): void {
    const { file, model, location } = this.identity;
    if (!file) return;
    const contents = { model, location, documents: this.documents, pending: [...pending] };
    if (this.files) saveSealedVectorIndex(file, this.index, contents, this.files);
    else this.graphName = saveVectorIndex(file, this.index, contents, this.graphName);
  }

  /** Forgets every vector and deletes the files. */
  clear(): void {
    this.index.close();
    this.index = new VectorIndex(this.identity.dimensions);
    this.documents.clear();
    if (this.identity.file) removeVectorIndex(this.identity.file);
    this.graphName = undefined;
  }

  /** Lets go of the index file (the thread is ending). */
  close(): void {
    this.index.close();
  }
}
