import { SovereignError, _, createLogger, loopTurns } from '../core/index.js';
import type { Document, GraphStore, StoreChange } from '../store/index.js';
import type { SearchFilters } from '../search/index.js';
import { sharedPassageChunker } from './passage-chunker.js';
import type { DocumentFilter } from './document-filter.js';
import type { Embedder } from './embedder.js';
import type { DocumentPassages, SemanticHit } from './indexed-passages.js';
import { fromDocumentColumns } from './document-columns.js';
import { KnownPassages } from './known-passages.js';
import type { Passage } from './passage.js';
import type { DocumentEntry } from './vector-index-file.js';
import { VectorIndexThread } from './vector-index-thread.js';

export type { SemanticHit } from './indexed-passages.js';

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
 *
 * The vectors, the HNSW graph and the file live in a worker thread
 * (IndexedPassages behind VectorIndexThread): profiled in the window's
 * process (tests/bench/retrieval/indexing-lag.bench.ts, 9,000 passages),
 * graph adds were a third of the main thread's busy time and checkpoint
 * saves held it 100-130 ms at a time. Here stay the queue, a copy of
 * each document's entry, which change notifications and status read
 * synchronously, and the passage hashes the index holds (KnownPassages),
 * so a step sends the worker one put instead of first asking it which
 * passages it already has.
 */
export class SemanticIndex {
  private readonly queue = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private pausedFlag = false;
  private resumeWaiters: (() => void)[] = [];
  private dirty = false;
  /** Passages indexed, as the worker last reported. */
  private passages = 0;

  private constructor(
    private readonly store: GraphStore,
    private readonly embedder: Embedder,
    private readonly file: string | undefined,
    private readonly vectors: VectorIndexThread,
    private readonly documents: Map<string, DocumentEntry>,
    private readonly known: KnownPassages,
  ) {}

  /**
   * Loads the saved index in its worker (a file from another model or store
   * is set aside and rebuilt, never mixed; a lost graph is rebuilt there
   * too), starts following the store's changes, and queues every document
   * the file does not describe as it is now.
   */
  static async open(store: GraphStore, embedder: Embedder, options: { file?: string } = {}): Promise<SemanticIndex> {
    const file = store.location.startsWith('mem:') ? undefined : options.file;
    const fileKeys = store.files?.keys;
    const vectors = VectorIndexThread.start({ file, model: embedder.id, dimensions: embedder.dimensions, location: store.location, ...(fileKeys ? { fileKeys } : {}) });
    let opened;
    try {
      opened = await vectors.call('open');
    } catch (error) {
      await vectors.stop();
      throw error;
    }
    const known = KnownPassages.fromOpened(opened.passageKeys);
    const result = new SemanticIndex(store, embedder, file, vectors, fromDocumentColumns(opened.documents), known);
    result.passages = opened.passages;
    result.dirty = opened.dirty;
    for (const id of opened.pending) result.queue.add(id);
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
      else {
        const entry = entryOf(change.document);
        this.documents.set(change.document.id, entry);
        this.send(this.vectors.call('setEntry', change.document.id, entry));
      }
    } else if (change.kind === 'document.deleted') {
      this.queue.delete(change.id);
      this.documents.delete(change.id);
      this.forget([change.id]);
    } else return;
    this.dirty = true;
  }

  /** A call whose answer no one awaits (the worker applies calls in order): a failure is logged, not lost. */
  private send(call: Promise<unknown>): void {
    call.catch((error: unknown) => log.warn('the vector index thread refused a change', { error }));
  }

  private forget(ids: string[]): void {
    for (const id of ids) this.known.remove(id);
    this.send(this.vectors.call('remove', ids).then((passages) => (this.passages = passages)));
  }

  /** Queues documents the index does not describe as they are now and forgets deleted ones. */
  private async reconcile(): Promise<void> {
    const metas = await this.store.allDocumentMeta();
    const present = new Set<string>();
    for (const meta of metas) {
      present.add(meta.id);
      const known = this.documents.get(meta.id);
      if (!known || known.modifiedAt !== meta.modifiedAt.getTime() || known.title !== meta.title) this.queue.add(meta.id);
      else if (known.threadId !== meta.threadId || known.docType !== meta.docType) {
        const entry = entryOf(meta);
        this.documents.set(meta.id, entry);
        this.send(this.vectors.call('setEntry', meta.id, entry));
      }
    }
    const gone = [...this.documents.keys()].filter((id) => !present.has(id));
    for (const id of gone) {
      this.documents.delete(id);
      this.known.remove(id);
    }
    if (gone.length > 0) {
      this.passages = await this.vectors.call('remove', gone);
      this.dirty = true;
    }
    for (const id of this.queue) if (!present.has(id)) this.queue.delete(id);
  }

  status(): IndexStatus {
    return { model: this.embedder.id, documents: this.documents.size, passages: this.passages, pending: this.queue.size, paused: this.pausedFlag };
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
          await this.save();
          lastSave = performance.now();
        }
      }
    } finally {
      await this.save();
    }
    return progress;
  }

  private async embedDocuments(ids: string[], progress: IndexProgress, signal?: AbortSignal): Promise<void> {
    const docs = await this.store.getDocuments(ids);
    const found = new Set(docs.map((d) => d.id));
    // A long document is chunked in a worker thread (marked's lexer on a megabyte held the window ~600 ms).
    const chunker = sharedPassageChunker();
    // The short ones are chunked here, as the loop's shared budget allows: a step's worth at once held it ~40 ms.
    const plans: { doc: Document; passages: Passage[] }[] = [];
    for (const doc of docs) {
      await loopTurns.giveWay();
      plans.push({ doc, passages: await chunker.chunk(doc.id, doc.title, doc.content) });
    }
    const textOf = new Map(plans.flatMap(({ passages }) => passages.map((p) => [p.hash, p.text] as const)));
    const fresh = new Map<string, Float32Array>();
    const embed = async (hashes: readonly string[]) => {
      const vectors = await this.embedder.embed(
        hashes.map((h) => textOf.get(h)!),
        signal,
      );
      hashes.forEach((hash, i) => fresh.set(hash, vectors[i]!));
    };
    await embed(this.known.missing(textOf.keys()));
    const documents: DocumentPassages[] = plans.map(({ doc, passages }) => ({
      documentId: doc.id,
      entry: entryOf(doc),
      rows: passages.map((p) => ({ documentId: doc.id, hash: p.hash, start: p.start, end: p.end })),
      fresh: new Map(passages.flatMap((p) => (fresh.has(p.hash) ? [[p.hash, fresh.get(p.hash)!] as const] : []))),
    }));
    // Applied only once every vector exists: a document is never half-indexed. Should the index not hold
    // a passage this side thought it held (see KnownPassages), it is embedded now and the put sent again.
    for (;;) {
      const put = await this.vectors.call('put', documents);
      this.passages = put.passages;
      if (put.missing.length === 0) break;
      await embed(put.missing);
      for (const doc of documents) for (const row of doc.rows) if (fresh.has(row.hash)) doc.fresh.set(row.hash, fresh.get(row.hash)!);
    }
    for (const doc of documents) {
      this.documents.set(doc.documentId, doc.entry);
      this.known.set(
        doc.documentId,
        doc.rows.map((row) => row.hash),
      );
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

  /** Writes vectors and queue to the file, in the worker (atomically; nothing when unchanged or in memory only). */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    // Changes made while the worker writes mark it dirty again for the next save.
    this.dirty = false;
    try {
      await this.vectors.call('save', [...this.queue]);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** Forgets every vector, deletes the file and queues every document again. */
  async clear(): Promise<void> {
    await this.vectors.call('clear');
    this.passages = 0;
    this.documents.clear();
    this.known.clear();
    this.queue.clear();
    this.dirty = false;
    await this.reconcile();
  }

  /** Documents whose passages are nearest the query in meaning, best first, each with its best passage. */
  async search(query: string, limit: number, filters?: SearchFilters, signal?: AbortSignal): Promise<SemanticHit[]> {
    if (!query.trim()) return [];
    const [vector] = await this.embedder.embed([query], signal);
    return this.vectors.call('searchDocuments', vector!, limit, filters);
  }

  /**
   * The vectors of a document's passages: those already indexed are reused,
   * the rest embedded now, so a document not yet reached by the queue can
   * still be compared.
   */
  async passageVectors(passages: readonly Passage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const known = await this.vectors.call(
      'vectorsOf',
      passages.map((p) => p.hash),
    );
    const missing = passages.filter((_p, i) => !known[i]);
    const fresh = missing.length > 0 ? await this.embedder.embed(missing.map((p) => p.text), signal) : [];
    const byHash = new Map(missing.map((p, i) => [p.hash, fresh[i]!]));
    return passages.map((p, i) => known[i] ?? byHash.get(p.hash)!);
  }

  /** For each unit vector, the indexed passages nearest it, best first, among the documents the filter lets through. */
  nearestPassages(vectors: readonly Float32Array[], limit: number, filter?: DocumentFilter): Promise<SemanticHit[][]> {
    return this.vectors.call('nearestPassages', vectors, limit, filter);
  }

  /** Stops following the store, saves and ends the index's thread. The embedder stays open. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    try {
      await this.save();
    } finally {
      await this.vectors.stop();
    }
  }
}
