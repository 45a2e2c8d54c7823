// log.js, not the core index: importing search must stay light (no config schema, no zod).
import { createLogger } from '../core/log.js';
import { loopTurns } from '../core/loop-turns.js';
import type { Document, DocumentMeta, GraphStore, StoreChange } from '../store/index.js';
import { IndexFileError, readIndexFile, writeIndexFile } from './index-file.js';
import { InvertedIndex, type IndexedDocument } from './inverted-index.js';
import { IndexQueries } from './index-queries.js';
import type { OpenSearchIndexOptions, SearchIndex } from './search-index.js';
import { OFF_THREAD_CHARS, countTerms } from './term-counter.js';
import { MemoryText } from './text-source.js';

const log = createLogger('search');

/** More changed documents than this since the file was saved: rebuild instead of catching up. */
const CATCH_UP_LIMIT = 5000;
/** Snippets come from the start of long documents: the first match past this is not shown in context. */
const SNIPPET_TEXT_LIMIT = 32 * 1024;

function indexed(doc: Document): IndexedDocument {
  return {
    id: doc.id,
    title: doc.title,
    content: doc.content,
    // Kept with its markup: makeSnippet strips it for the few documents shown, which cost a fifth of the build when done for all.
    text: doc.content.length > SNIPPET_TEXT_LIMIT ? doc.content.slice(0, SNIPPET_TEXT_LIMIT) : doc.content,
    docType: doc.docType,
    threadId: doc.threadId,
    modifiedAt: doc.modifiedAt.getTime(),
  };
}

/** Which documents an event-log entry touched, or 'all' when it cannot say. */
function touched(type: string, payload: Record<string, unknown>): string[] | 'all' {
  if (type === 'documents.created') return (payload['ids'] as string[] | undefined) ?? 'all';
  if (type.startsWith('document.') || type.startsWith('branch.')) return typeof payload['id'] === 'string' ? [payload['id']] : 'all';
  if (type === 'thread.deleted') return 'all';
  return [];
}

/**
 * SearchIndex over an InvertedIndex: follows the store's changes, catches
 * up from the event log after loading its file, and saves a compacted file.
 */
class CompactSearchIndex extends IndexQueries implements SearchIndex {
  private pending = new Map<string, 'upsert' | 'delete'>();
  private work: Promise<void> = Promise.resolve();
  private draining = false;
  /** index.version when the file last matched the index (-1: never saved). */
  private savedVersion = -1;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: GraphStore,
    index: InvertedIndex,
    private readonly file: string | undefined,
  ) {
    super(index);
  }

  follow(): void {
    this.unsubscribe = this.store.subscribe((change) => this.onChange(change));
  }

  private onChange(change: StoreChange): void {
    // The same text (a branch switch to the same text, a change of position or tags): nothing to read again.
    // A change still waiting to be indexed reads the newest document anyway; one being read now may have
    // been read before this change, so while a batch is read the document is queued again, as before.
    if (change.kind === 'document.updated' && !change.contentChanged && (this.pending.has(change.document.id) || (!this.draining && this.touch(change.document)))) return;
    if (change.kind === 'document.created' || change.kind === 'document.updated') this.pending.set(change.document.id, 'upsert');
    else if (change.kind === 'document.deleted') this.pending.set(change.id, 'delete');
    else return;
    if (this.pending.size === 1) this.work = this.work.then(() => this.drain());
  }

  private touch(meta: DocumentMeta): boolean {
    return this.index.touch({ id: meta.id, title: meta.title, docType: meta.docType, threadId: meta.threadId, modifiedAt: meta.modifiedAt.getTime() });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      await this.drainPending();
    } finally {
      this.draining = false;
    }
  }

  private async drainPending(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, 500);
      for (const [id] of batch) this.pending.delete(id);
      const upserts = batch.filter(([, op]) => op === 'upsert').map(([id]) => id);
      const docs = upserts.length
        ? await this.store.getDocuments(upserts).catch((error: unknown) => {
            log.warn('could not fetch documents to index', { error });
            return [];
          })
        : [];
      for (const [id, op] of batch) if (op === 'delete') this.index.remove(id);
      await this.addAll(docs);
    }
  }

  /**
   * Adds documents as the loop's shared budget allows (LoopTurns), so a big
   * batch does not hold the event loop: 200 documents at a time held a
   * window's loop 60-75 ms while a vault was imported. A long document is
   * tokenised in a worker thread.
   */
  async addAll(docs: readonly Document[]): Promise<void> {
    for (const doc of docs) {
      await loopTurns.giveWay();
      this.index.upsert(indexed(doc), doc.content.length > OFF_THREAD_CHARS ? await countTerms(doc.title, doc.content) : undefined);
    }
  }

  whenIdle(): Promise<void> {
    return this.work;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    // The watermark must not cover a change that is still waiting to be indexed.
    while (this.pending.size > 0 || this.draining) await this.whenIdle();
    const watermark = this.store.lastEventSeq;
    const version = this.index.version;
    // Unchanged since loaded or saved: the file is still right (events since then touch no document).
    if (version === this.savedVersion) return;
    await writeIndexFile(this.file, this.index.columns(), this.store.location, watermark, this.store.files);
    // A change applied while writing is only in the current index: keep it (the next save compacts).
    if (this.index.version !== version) return;
    // Switch to the file just written, as the next start will open it: postings and text stay on
    // disk (at 50K documents the postings alone are ~40 MB that need not stay in memory).
    const saved = await readSaved(this.file, this.store);
    if (!saved || this.index.version !== version) {
      saved?.index.close();
      return;
    }
    const old = this.index;
    this.index = saved.index;
    this.savedVersion = this.index.version;
    old.close();
  }

  stopFollowing(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  async close(): Promise<void> {
    this.stopFollowing();
    await this.save();
    this.index.close();
  }

  /** The index as loaded matches its file. */
  markSaved(): void {
    this.savedVersion = this.index.version;
  }

  /** Applies what the event log says changed since the file was saved; false when a rebuild is needed. */
  async catchUp(watermark: number): Promise<boolean> {
    const events = await this.store.listEvents({ afterSeq: watermark, types: ['document.', 'documents.', 'branch.', 'thread.'], limit: CATCH_UP_LIMIT + 1 });
    if (events.length > CATCH_UP_LIMIT) return false;
    const ids = new Set<string>();
    for (const event of events) {
      const hit = touched(event.type, event.payload);
      if (hit === 'all') return false;
      for (const id of hit) ids.add(id);
      if (ids.size > CATCH_UP_LIMIT) return false;
    }
    const docs = await this.store.getDocuments([...ids]);
    const found = new Set(docs.map((d) => d.id));
    for (const id of ids) if (!found.has(id)) this.index.remove(id);
    await this.addAll(docs);
    return true;
  }

  async build(onProgress?: (done: number, total: number) => void): Promise<void> {
    const total = await this.store.countDocuments();
    let done = 0;
    for await (const page of this.store.scanDocuments(1000)) {
      // A change that arrived during the build may have indexed a newer version already.
      await this.addAll(page.filter((doc) => !this.index.has(doc.id)));
      done += page.length;
      onProgress?.(done, total);
    }
  }

  /** Freezes what was built into the compact form (written to the file when there is one). */
  async compact(): Promise<void> {
    if (this.file) await this.save();
    else if (this.index.pendingCount > 0) {
      const columns = this.index.columns();
      const texts = Array.from({ length: columns.ids.length }, (_, d) => columns.text.text(d));
      this.index = new InvertedIndex({ ...columns, text: new MemoryText(texts) });
    }
  }

  discard(): void {
    this.index.close();
  }
}

async function readSaved(file: string, store: Pick<GraphStore, 'location' | 'files'>): Promise<{ index: InvertedIndex; watermark: number } | undefined> {
  try {
    const saved = await readIndexFile(file, store.location, store.files);
    return saved && { index: new InvertedIndex(saved.columns), watermark: saved.watermark };
  } catch (error) {
    if (!(error instanceof IndexFileError)) log.warn('the saved search index cannot be read; rebuilding', { file, error });
    else log.warn('the saved search index is damaged; rebuilding', { file, reason: error.message });
    return undefined;
  }
}

/**
 * Opens the full-text index for a store: loads the saved file and catches
 * up from the event log, or builds it from the documents, then follows the
 * store's changes.
 */
export async function openSearchIndex(store: GraphStore, options: OpenSearchIndexOptions = {}): Promise<SearchIndex> {
  // A mem:// database does not outlive the process, so a saved index would describe another one.
  if (store.location.startsWith('mem:')) options = { ...options, file: undefined };
  const saved = options.file ? await readSaved(options.file, store) : undefined;
  if (saved) {
    const candidate = new CompactSearchIndex(store, saved.index, options.file);
    candidate.markSaved();
    candidate.follow();
    if (await candidate.catchUp(saved.watermark)) return candidate;
    candidate.stopFollowing();
    candidate.discard();
  }
  const result = new CompactSearchIndex(store, new InvertedIndex(), options.file);
  result.follow();
  await result.build(options.onProgress);
  await result.whenIdle();
  await result.compact();
  return result;
}
