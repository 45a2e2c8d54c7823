import fs from 'node:fs';
import path from 'node:path';
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { createLogger } from '../core/index.js';
import type { DocType, Document, GraphStore, StoreChange } from '../store/index.js';
import type { OpenSearchIndexOptions, SearchHit, SearchIndex, SearchOptions } from './search-index.js';
import { makeSnippet } from './snippet.js';

const log = createLogger('search');

/** Bump when the indexed fields or tokenising change: older files are rebuilt. */
const FORMAT = 1;
/** More changed documents than this since the file was saved: rebuild instead of catching up. */
const CATCH_UP_LIMIT = 5000;

interface IndexedDoc {
  id: string;
  title: string;
  content: string;
  docType: DocType;
  threadId: string | null;
  modifiedAt: number;
}

interface PersistedIndex {
  format: number;
  location: string;
  /** The event-log seq the index reflects. */
  watermark: number;
  index: unknown;
}

// Words too common to narrow a search; dropping them keeps "the budget" as fast as "budget".
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have i in is it its of on or that the this to was were will with we you'.split(' '),
);

const OPTIONS: Options<IndexedDoc> = {
  fields: ['title', 'content'],
  storeFields: ['title', 'content', 'docType', 'threadId', 'modifiedAt'],
  processTerm: (term) => {
    const lower = term.toLowerCase();
    return STOP_WORDS.has(lower) ? null : lower;
  },
  searchOptions: {
    boost: { title: 3 },
    combineWith: 'AND',
    // Only the word being typed is a prefix; short prefixes match too much to be useful.
    prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 2,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  },
};

function indexed(doc: Document): IndexedDoc {
  return { id: doc.id, title: doc.title, content: doc.content, docType: doc.docType, threadId: doc.threadId, modifiedAt: doc.modifiedAt.getTime() };
}

/** Which documents an event-log entry touched, or 'all' when it cannot say. */
function touched(type: string, payload: Record<string, unknown>): string[] | 'all' {
  if (type === 'documents.created') return (payload['ids'] as string[] | undefined) ?? 'all';
  if (type.startsWith('document.') || type.startsWith('branch.')) return typeof payload['id'] === 'string' ? [payload['id']] : 'all';
  if (type === 'thread.deleted') return 'all';
  return [];
}

class MiniSearchIndex implements SearchIndex {
  private pending = new Map<string, 'upsert' | 'delete'>();
  private work: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: GraphStore,
    private readonly index: MiniSearch<IndexedDoc>,
    private readonly file: string | undefined,
  ) {}

  follow(): void {
    this.unsubscribe = this.store.subscribe((change) => this.onChange(change));
  }

  private onChange(change: StoreChange): void {
    if (change.kind === 'document.created' || (change.kind === 'document.updated')) this.pending.set(change.document.id, 'upsert');
    else if (change.kind === 'document.deleted') this.pending.set(change.id, 'delete');
    else return;
    if (this.pending.size === 1) this.work = this.work.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, 1000);
      for (const [id] of batch) this.pending.delete(id);
      const upserts = batch.filter(([, op]) => op === 'upsert').map(([id]) => id);
      const docs = upserts.length ? await this.store.getDocuments(upserts).catch((error: unknown) => {
        log.warn('could not fetch documents to index', { error });
        return [];
      }) : [];
      for (const [id, op] of batch) if (op === 'delete' && this.index.has(id)) this.index.discard(id);
      for (const doc of docs) {
        if (this.index.has(doc.id)) this.index.replace(indexed(doc));
        else this.index.add(indexed(doc));
      }
    }
  }

  get size(): number {
    return this.index.documentCount;
  }

  whenIdle(): Promise<void> {
    return this.work;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.min(200, Math.max(1, Math.trunc(options.limit ?? 10)));
    const text = query.trim();
    if (!text) return [];
    const f = options.filters;
    const threadIds = f?.threadIds ? new Set(f.threadIds) : undefined;
    const docTypes = f?.docTypes ? new Set(f.docTypes) : undefined;
    const from = f?.from?.getTime();
    const until = f?.until?.getTime();
    const filter =
      threadIds || docTypes || from !== undefined || until !== undefined
        ? (r: SearchResult) =>
            (!threadIds || threadIds.has(r['threadId'] as string | null)) &&
            (!docTypes || docTypes.has(r['docType'] as DocType)) &&
            (from === undefined || (r['modifiedAt'] as number) >= from) &&
            (until === undefined || (r['modifiedAt'] as number) < until)
        : undefined;
    const results = this.index.search(text, filter ? { filter } : {});
    return results.slice(0, limit).map((r) => ({
      id: String(r.id),
      title: r['title'] as string,
      snippet: makeSnippet(r['content'] as string, r.terms),
      docType: r['docType'] as DocType,
      threadId: (r['threadId'] as string | null) ?? null,
      modifiedAt: new Date(r['modifiedAt'] as number),
      score: r.score,
    }));
  }

  async save(): Promise<void> {
    if (!this.file) return;
    await this.whenIdle();
    const [last] = await this.store.listEvents({ descending: true, limit: 1 });
    const persisted: PersistedIndex = { format: FORMAT, location: this.store.location, watermark: last?.seq ?? 0, index: this.index.toJSON() };
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await fs.promises.writeFile(tmp, JSON.stringify(persisted));
    await fs.promises.rename(tmp, this.file);
  }

  stopFollowing(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  async close(): Promise<void> {
    this.stopFollowing();
    await this.save();
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
    for (const id of ids) if (!found.has(id) && this.index.has(id)) this.index.discard(id);
    for (const doc of docs) {
      if (this.index.has(doc.id)) this.index.replace(indexed(doc));
      else this.index.add(indexed(doc));
    }
    return true;
  }
}

async function readPersisted(file: string, location: string): Promise<{ index: MiniSearch<IndexedDoc>; watermark: number } | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const persisted = JSON.parse(text) as PersistedIndex;
    if (persisted.format !== FORMAT || persisted.location !== location) return undefined;
    return { index: await MiniSearch.loadJSONAsync<IndexedDoc>(JSON.stringify(persisted.index), OPTIONS), watermark: persisted.watermark };
  } catch (error) {
    log.warn('the saved search index is unreadable; rebuilding', { file, error });
    return undefined;
  }
}

async function build(store: GraphStore, index: MiniSearch<IndexedDoc>, onProgress?: (done: number, total: number) => void): Promise<void> {
  const total = await store.countDocuments();
  for await (const page of store.scanDocuments(2000)) {
    // A change that arrived during the build may have indexed a newer version already.
    index.addAll(page.filter((doc) => !index.has(doc.id)).map(indexed));
    onProgress?.(index.documentCount, total);
  }
}

/**
 * Opens the full-text index for a store: loads the saved file and catches
 * up from the event log, or builds it from the documents, then follows the
 * store's changes.
 */
export async function openSearchIndex(store: GraphStore, options: OpenSearchIndexOptions = {}): Promise<SearchIndex> {
  const saved = options.file ? await readPersisted(options.file, store.location) : undefined;
  let result: MiniSearchIndex | undefined;
  if (saved) {
    const candidate = new MiniSearchIndex(store, saved.index, options.file);
    candidate.follow();
    if (await candidate.catchUp(saved.watermark)) result = candidate;
    else candidate.stopFollowing();
  }
  if (!result) {
    const index = new MiniSearch<IndexedDoc>(OPTIONS);
    result = new MiniSearchIndex(store, index, options.file);
    result.follow();
    await build(store, index, options.onProgress);
  }
  return result;
}
