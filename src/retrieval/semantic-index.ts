import path from 'node:path';
import { SovereignError, _, createLogger } from '../core/index.js';
import type { Document, GraphStore, StoreChange } from '../store/index.js';
import type { SearchFilters } from '../search/index.js';
import { sharedPassageChunker } from './passage-chunker.js';
import type { Embedder } from './embedder.js';
import type { Passage } from './passage.js';
import { VectorIndex, type VectorHit } from './vector-index.js';
import { readVectorIndexFile, removeVectorIndex, saveVectorIndex, type DocumentEntry } from './vector-index-file.js';

const log = createLogger('retrieval');

/** Documents fetched and embedded per step: one step is the unit of progress, pausing and cancelling. */
const STEP_DOCUMENTS = 8;
/** Save the index (vectors and queue together) at least this often while embedding, so a kill loses little work. */
const CHECKPOINT_MS = 10_000;

export interface IndexProgress {
  /** Documents embedded in this run, and how many were queued when it started (plus any queued since). */
  done: number;
  total: number;
  /** Passages embedded (new vectors) and reused (unchanged content) in this run. */
  embedded: number;
  reused: number;
}

export interface IndexStatus {
  model: string;
  documents: number;
  passages: number;
  /** Documents waiting to be embedded. */
  pending: number;
  paused: boolean;
}

export interface SemanticHit extends VectorHit, DocumentEntry {}

function entryOf(doc: Pick<Document, 'title' | 'docType' | 'threadId' | 'modifiedAt'>): DocumentEntry {
  return { title: doc.title, docType: doc.docType, threadId: doc.threadId, modifiedAt: doc.modifiedAt.getTime() };
}

/**
 * Passage vectors of every document in a store, kept in step with it: the
 * store's change notifications queue a document for (re)embedding or drop
 * its vectors; run() drains the queue through the embedder, reusing the
 * vector of every passage whose content hash is already known, so an edit
 * re-embeds only the passages that changed. The queue is saved in the same
 * file as the vectors, so a restart resumes where it stopped and a kill
 * never leaves vectors and queue disagreeing.
 */
export class SemanticIndex {
  private readonly queue = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private pausedFlag = false;
  private resumeWaiters: (() => void)[] = [];
  private dirty = false;
  /** The graph file the saved index names (a base name beside the index file). */
  private graphName: string | undefined;

  private constructor(
    private readonly store: GraphStore,
    private readonly embedder: Embedder,
    private readonly file: string | undefined,
    private index: VectorIndex,
    private readonly documents: Map<string, DocumentEntry>,
  ) {}

  /**
   * Loads the saved index (a file from another model or store is set
   * aside and rebuilt, never mixed), starts following the store's changes,
   * and queues every document the file does not describe as it is now.
   */
  static async open(store: GraphStore, embedder: Embedder, options: { file?: string } = {}): Promise<SemanticIndex> {
    const file = store.location.startsWith('mem:') ? undefined : options.file;
    let saved = file ? readVectorIndexFile(file) : undefined;
    if (saved && (saved.model !== embedder.id || saved.dimensions !== embedder.dimensions || saved.location !== store.location)) {
      log.info('the vector index was made by another model or for another store; rebuilding', { file, model: saved.model });
      saved = undefined;
    }
    const index = new VectorIndex(embedder.dimensions, saved && { rows: saved.rows, vectors: saved.vectors, ...(saved.graphFile ? { graphFile: saved.graphFile } : {}) });
    const result = new SemanticIndex(store, embedder, file, index, saved?.documents ?? new Map());
    result.graphName = saved?.graphFile && !index.graphChanged ? path.basename(saved.graphFile) : undefined;
    // A graph rebuilt on opening (its file was missing or did not match), or a file of the older format, is saved with the next checkpoint.
    result.dirty = index.graphChanged || saved?.outdated === true;
    for (const id of saved?.pending ?? []) result.queue.add(id);
    result.unsubscribe = store.subscribe((change) => result.onChange(change));
    await result.reconcile();
    return result;
  }

  get model(): string {
    return this.embedder.id;
  }

  private onChange(change: StoreChange): void {
    if (change.kind === 'document.created') this.queue.add(change.document.id);
    else if (change.kind === 'document.updated') {
      const known = this.documents.get(change.document.id);
      if (change.contentChanged || !known || known.title !== change.document.title) this.queue.add(change.document.id);
      // Metadata-only changes (thread, type, date) update the filters without re-embedding.
      else this.documents.set(change.document.id, entryOf(change.document));
    } else if (change.kind === 'document.deleted') {
      this.queue.delete(change.id);
      this.index.remove(change.id);
      this.documents.delete(change.id);
    } else return;
    this.dirty = true;
  }

  /** Queues documents the index does not describe as they are now and forgets deleted ones. */
  private async reconcile(): Promise<void> {
    const metas = await this.store.allDocumentMeta();
    const present = new Set<string>();
    for (const meta of metas) {
      present.add(meta.id);
      const known = this.documents.get(meta.id);
      if (!known || known.modifiedAt !== meta.modifiedAt.getTime() || known.title !== meta.title) this.queue.add(meta.id);
      else if (known.threadId !== meta.threadId || known.docType !== meta.docType) this.documents.set(meta.id, entryOf(meta));
    }
    for (const id of [...this.documents.keys()]) {
      if (present.has(id)) continue;
      this.index.remove(id);
      this.documents.delete(id);
      this.dirty = true;
    }
    for (const id of this.queue) if (!present.has(id)) this.queue.delete(id);
  }

  status(): IndexStatus {
    return { model: this.embedder.id, documents: this.documents.size, passages: this.index.size, pending: this.queue.size, paused: this.pausedFlag };
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /**
   * Embeds every queued document, reporting progress after each step.
   * Pausing holds it between steps; an aborted signal stops it between
   * steps, saves what was done and rejects with a 'cancelled' error.
   */
  async run(options: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void } = {}): Promise<IndexProgress> {
    const { signal, onProgress } = options;
    const progress: IndexProgress = { done: 0, total: this.queue.size, embedded: 0, reused: 0 };
    let lastSave = performance.now();
    try {
      while (this.queue.size > 0) {
        if (this.pausedFlag) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
        if (signal?.aborted) throw new SovereignError('cancelled', _('Indexing was cancelled'));
        const ids = [...this.queue].slice(0, STEP_DOCUMENTS);
        await this.embedDocuments(ids, progress, signal);
        progress.total = Math.max(progress.total, progress.done + this.queue.size);
        onProgress?.({ ...progress });
        // A macrotask between steps: the window's input and frames run between batches, never behind a chain of resolved promises.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (performance.now() - lastSave > CHECKPOINT_MS) {
          this.save();
          lastSave = performance.now();
        }
      }
    } finally {
      this.save();
    }
    return progress;
  }

  private async embedDocuments(ids: string[], progress: IndexProgress, signal?: AbortSignal): Promise<void> {
    const docs = await this.store.getDocuments(ids);
    const found = new Set(docs.map((d) => d.id));
    // A long document is chunked in a worker thread (marked's lexer on a megabyte held the window ~600 ms).
    const chunker = sharedPassageChunker();
    const plans = await Promise.all(docs.map(async (doc) => ({ doc, passages: await chunker.chunk(doc.id, doc.title, doc.content) })));
    const fresh = new Map<string, string>();
    for (const { passages } of plans) for (const p of passages) if (!this.index.vectorOf(p.hash) && !fresh.has(p.hash)) fresh.set(p.hash, p.text);
    const vectors = await this.embedder.embed([...fresh.values()], signal);
    const byHash = new Map([...fresh.keys()].map((hash, i) => [hash, vectors[i]!]));
    // Applied only now that every vector exists: a document is never half-indexed. The reused
    // vectors are read before the first put yields, while every passage they come from is still there.
    const puts = plans.map(({ doc, passages }) => ({
      doc,
      rows: passages.map((p) => ({ documentId: doc.id, hash: p.hash, start: p.start, end: p.end })),
      vecs: passages.map((p) => byHash.get(p.hash) ?? this.index.vectorOf(p.hash)!),
    }));
    for (const { doc, rows, vecs } of puts) {
      // The graph takes a long document's passages a slice at a time, with the window's loop running between.
      await this.index.putInSlices(doc.id, rows, vecs);
      this.documents.set(doc.id, entryOf(doc));
    }
    progress.embedded += fresh.size;
    progress.reused += plans.reduce((n, p) => n + p.passages.length, 0) - fresh.size;
    for (const id of ids) {
      this.queue.delete(id);
      // Deleted before it was embedded.
      if (!found.has(id)) this.documents.delete(id);
    }
    progress.done += ids.length;
    this.dirty = true;
  }

  /** Writes vectors and queue to the file (atomically; nothing when unchanged or in memory only). */
  save(): void {
    if (!this.file || !this.dirty) return;
    this.graphName = saveVectorIndex(this.file, this.index, { model: this.embedder.id, location: this.store.location, documents: this.documents, pending: [...this.queue] }, this.graphName);
    this.dirty = false;
  }

  /** Forgets every vector, deletes the file and queues every document again. */
  async clear(): Promise<void> {
    this.index = new VectorIndex(this.embedder.dimensions);
    this.documents.clear();
    this.queue.clear();
    if (this.file) removeVectorIndex(this.file);
    this.graphName = undefined;
    this.dirty = false;
    await this.reconcile();
  }

  /** Documents whose passages are nearest the query in meaning, best first, each with its best passage. */
  async search(query: string, limit: number, filters?: SearchFilters, signal?: AbortSignal): Promise<SemanticHit[]> {
    if (!query.trim()) return [];
    const [vector] = await this.embedder.embed([query], signal);
    const accept = this.filterOf(filters);
    return this.index.searchDocuments(vector!, limit, accept).map((hit) => ({ ...hit, ...this.documents.get(hit.documentId)! }));
  }

  private filterOf(f: SearchFilters | undefined): ((id: string) => boolean) | undefined {
    if (!f || !(f.docTypes || f.threadIds || f.from || f.until)) return undefined;
    const types = f.docTypes && new Set<string>(f.docTypes);
    const threads = f.threadIds && new Set(f.threadIds);
    const from = f.from?.getTime();
    const until = f.until?.getTime();
    return (id) => {
      const e = this.documents.get(id);
      if (!e) return false;
      if (types && !types.has(e.docType)) return false;
      if (threads && !threads.has(e.threadId)) return false;
      if (from !== undefined && e.modifiedAt < from) return false;
      if (until !== undefined && e.modifiedAt >= until) return false;
      return true;
    };
  }

  /**
   * The vectors of a document's passages: those already indexed are reused,
   * the rest embedded now, so a document not yet reached by the queue can
   * still be compared.
   */
  async passageVectors(passages: readonly Passage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const missing = passages.filter((p) => !this.index.vectorOf(p.hash));
    const fresh = missing.length > 0 ? await this.embedder.embed(missing.map((p) => p.text), signal) : [];
    const byHash = new Map(missing.map((p, i) => [p.hash, fresh[i]!]));
    return passages.map((p) => byHash.get(p.hash) ?? this.index.vectorOf(p.hash)!);
  }

  /** The indexed passages nearest a unit vector, best first, among the documents accept lets through. */
  nearestPassages(vector: Float32Array, limit: number, accept?: (documentId: string) => boolean): SemanticHit[] {
    return this.index.searchPassages(vector, limit, accept).flatMap((hit) => {
      const entry = this.documents.get(hit.documentId);
      return entry ? [{ ...hit, ...entry }] : [];
    });
  }

  /** Stops following the store and saves. The embedder stays open. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.save();
  }
}
