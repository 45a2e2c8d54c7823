import type { Direction, Document, DocumentMeta, GraphStore, Milestone, Relationship, StoreChange, Thread } from '../store/index.js';
import { SovereignError, createLogger } from '../core/index.js';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, writeSnapshotFile, type ModelSnapshot } from './model-snapshot.js';
import { lowerBound } from './sorted.js';
import type { LoadWorkspaceModelOptions, WorkspaceModel } from './workspace-model.js';

const NO_THREAD = '\u0000none';
/** More changes than these since the snapshot: a full load is as quick. */
const CATCH_UP_LIMIT = 5000;
const CATCH_UP_LINK_LIMIT = 500;

/** Items added to the model between yields to the event loop while loading. */
const FILL_SLICE = 10_000;

const log = createLogger('workspace');
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function byCreated(a: DocumentMeta, b: DocumentMeta): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The in-memory WorkspaceModel: a map by id, per-thread arrays kept sorted
 * by creation date, and edge indexes both ways. Changes arriving during the
 * initial load are queued and applied after it, so nothing is missed.
 */
class MemoryWorkspaceModel implements WorkspaceModel {
  private readonly docs = new Map<string, DocumentMeta>();
  private readonly byThread = new Map<string, DocumentMeta[]>();
  private threadList: Thread[] = [];
  private milestoneList: Milestone[] = [];
  private readonly edges = new Map<string, Relationship>();
  /**
   * Per document, the links leaving or entering it, in one plain array (most
   * have a handful: far cheaper to build for 100K edges than Sets, and one
   * map instead of one per direction saves a map and ~50K arrays at 50K
   * documents). Bulk loading trims each array to its length (see trimLinks).
   */
  private readonly touching = new Map<string, Relationship[]>();
  private titles: { key: string; doc: DocumentMeta }[] | undefined;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private unsubscribe: (() => void) | undefined;
  private lastSeq = 0;
  private snapshotFile: string | undefined;
  /** The model holds documents or links the snapshot file lacks. */
  private dirty = true;

  constructor(readonly store: GraphStore) {}

  /**
   * Fills the model from the snapshot file when there is a usable one
   * (catching up from the event log), otherwise from the database.
   */
  async load(snapshotFile?: string): Promise<void> {
    const pending: StoreChange[] = [];
    let loaded = false;
    // A mem:// database does not outlive the process, so a snapshot of one would describe another.
    this.snapshotFile = this.store.location.startsWith('mem:') ? undefined : snapshotFile;
    snapshotFile = this.snapshotFile;
    this.unsubscribe = this.store.subscribe((change) => (loaded ? this.apply(change) : pending.push(change)));
    // Threads and milestones are not in the snapshot: asked for first, the
    // engine reads them on its own threads while this one decodes the file.
    const lists = Promise.all([this.store.listThreads(), this.store.listMilestones()]);
    // Awaited on every path below; until then a failure must not count as unhandled.
    lists.catch(() => undefined);
    const snapshot = snapshotFile ? await this.readSnapshot(snapshotFile) : undefined;
    if (!snapshot || !(await this.catchUp(snapshot, lists))) {
      const [docs, [threads, milestones], links] = await Promise.all([this.store.allDocumentMeta(), lists, this.store.allRelationships()]);
      await this.fill(docs, threads, milestones, links);
      if (snapshotFile) await this.saveSnapshot();
    }
    loaded = true;
    // Changes that committed while loading may or may not be in what was read; applying them is idempotent.
    for (const change of pending) this.apply(change);
  }

  /**
   * Replaces the model's contents, in slices with the event loop let in
   * between (100K links would otherwise hold it for a few hundred ms).
   * Store changes arriving meanwhile wait in load()'s queue.
   */
  private async fill(docs: readonly DocumentMeta[], threads: Thread[], milestones: Milestone[], links: readonly Relationship[]): Promise<void> {
    this.docs.clear();
    this.byThread.clear();
    this.edges.clear();
    this.touching.clear();
    this.titles = undefined;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      this.docs.set(doc.id, doc);
      this.bucket(doc.threadId).push(doc);
      if (i % FILL_SLICE === FILL_SLICE - 1) await yieldToLoop();
    }
    for (const list of this.byThread.values()) list.sort(byCreated);
    this.threadList = threads;
    this.milestoneList = milestones;
    for (let i = 0; i < links.length; i++) {
      this.addLink(links[i]!, true);
      if (i % FILL_SLICE === FILL_SLICE - 1) await yieldToLoop();
    }
    this.trimLinks();
  }

  /**
   * An array grown by push has room for at least 17 elements (V8 grows by
   * half plus 16): at 50K documents with a handful of links each, that slack
   * was ~10 MiB. A copy is exactly as long as its contents.
   */
  private trimLinks(): void {
    for (const [id, list] of this.touching) this.touching.set(id, list.slice());
  }

  private async readSnapshot(file: string): Promise<ModelSnapshot | undefined> {
    try {
      const text = await readSnapshotFile(file, this.store.files);
      if (text === undefined) return undefined;
      return decodeSnapshot(text, this.store.location);
    } catch (error) {
      // A damaged, plain or forged snapshot in a vault is never trusted: the full load below rebuilds it.
      log.warn('the workspace snapshot is damaged; loading from the database', { file, reason: String(error) });
      return undefined;
    }
  }

  /**
   * Installs the snapshot and applies what the event log says changed since
   * it was written. False (nothing installed) when the log cannot say
   * precisely, or so much changed that a full load is as quick.
   */
  private async catchUp(snapshot: ModelSnapshot, lists: Promise<[Thread[], Milestone[]]>): Promise<boolean> {
    // A snapshot written at the log's last event (a workspace closed normally) is current: nothing to ask the log.
    const current = snapshot.watermark === this.store.lastEventSeq;
    const [[threads, milestones], events] = await Promise.all([
      lists,
      current
        ? []
        : this.store.listEvents({
            afterSeq: snapshot.watermark,
            types: ['document.', 'documents.', 'branch.', 'thread.deleted', 'relationship.', 'relationships.'],
            limit: CATCH_UP_LIMIT + 1,
          }),
    ]);
    if (events.length > CATCH_UP_LIMIT) return false;
    const docIds = new Set<string>();
    const linkIds = new Set<string>();
    for (const { type, payload } of events) {
      const ids = type === 'documents.created' || type === 'relationships.created' ? payload['ids'] : [payload['id']];
      if (type === 'thread.deleted' || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return false;
      for (const id of ids as string[]) (type.startsWith('relationship') ? linkIds : docIds).add(id);
    }
    if (docIds.size > CATCH_UP_LIMIT || linkIds.size > CATCH_UP_LINK_LIMIT) return false;
    const docs = await this.store.getDocuments([...docIds]);
    const links = await Promise.all(
      [...linkIds].map((id) =>
        this.store.getRelationship(id).catch((error: unknown) => {
          if (error instanceof SovereignError && error.kind === 'not-found') return id;
          throw error;
        }),
      ),
    );
    await this.fill(snapshot.documents, threads, milestones, snapshot.relationships);
    const found = new Set(docs.map((d) => d.id));
    for (const id of docIds) if (!found.has(id)) this.deleteDoc(id);
    for (const doc of docs) {
      const { content: _content, ...meta } = doc;
      this.insertDoc(meta);
    }
    this.dirty = docIds.size > 0 || linkIds.size > 0;
    for (const link of links) {
      if (typeof link === 'string') this.removeLink(link);
      else {
        this.removeLink(link.id);
        this.addLink(link);
      }
    }
    return true;
  }

  async saveSnapshot(): Promise<void> {
    if (!this.snapshotFile || !this.dirty) return;
    this.dirty = false;
    // lastEventSeq and the model move together (both synchronously at commit), so this watermark is exact.
    await writeSnapshotFile(this.snapshotFile, encodeSnapshot(this.store.location, this.store.lastEventSeq, this.docs.values(), this.edges.values()), this.store.files);
  }

  private bucket(threadId: string | null): DocumentMeta[] {
    const key = threadId ?? NO_THREAD;
    let list = this.byThread.get(key);
    if (!list) {
      list = [];
      this.byThread.set(key, list);
    }
    return list;
  }

  private insertDoc(doc: DocumentMeta): void {
    this.removeDoc(doc.id);
    this.docs.set(doc.id, doc);
    const list = this.bucket(doc.threadId);
    list.splice(lowerBound(list, doc, byCreated), 0, doc);
    this.titles = undefined;
  }

  private removeDoc(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    this.docs.delete(id);
    const list = this.bucket(old.threadId);
    const at = lowerBound(list, old, byCreated);
    if (list[at]?.id === id) list.splice(at, 1);
    else list.splice(list.findIndex((d) => d.id === id) >>> 0, 1);
    this.titles = undefined;
  }

  /** Removes a document and the links touching it. */
  private deleteDoc(id: string): void {
    this.removeDoc(id);
    for (const link of [...(this.touching.get(id) ?? [])]) this.removeLink(link.id);
    this.touching.delete(id);
  }

  /** fresh: the link is known not to be in the model yet (bulk loading skips the lookup). */
  private addLink(link: Relationship, fresh = false): void {
    if (!fresh && this.edges.has(link.id)) this.removeLink(link.id);
    this.edges.set(link.id, link);
    this.touch(link.from, link);
    // A link from a document to itself is listed once; links() finds it in both directions.
    if (link.to !== link.from) this.touch(link.to, link);
  }

  private touch(id: string, link: Relationship): void {
    const list = this.touching.get(id);
    if (list) list.push(link);
    else this.touching.set(id, [link]);
  }

  private removeLink(id: string): void {
    const link = this.edges.get(id);
    if (!link) return;
    this.edges.delete(id);
    for (const key of link.to === link.from ? [link.from] : [link.from, link.to]) {
      const list = this.touching.get(key);
      const at = list?.findIndex((l) => l.id === id) ?? -1;
      if (at >= 0) list!.splice(at, 1);
    }
  }

  private apply(change: StoreChange): void {
    if (change.seq <= this.lastSeq) return;
    this.lastSeq = change.seq;
    this.dirty = true;
    switch (change.kind) {
      case 'document.created':
      case 'document.updated':
        this.insertDoc(change.document);
        break;
      case 'document.deleted':
        this.deleteDoc(change.id);
        break;
      case 'thread.created':
      case 'thread.updated':
        this.threadList = [...this.threadList.filter((t) => t.id !== change.thread.id), change.thread].sort((a, b) => a.order - b.order);
        break;
      case 'thread.deleted':
        this.threadList = this.threadList.filter((t) => t.id !== change.id);
        break;
      case 'milestone.created':
      case 'milestone.updated':
        this.milestoneList = [...this.milestoneList.filter((m) => m.id !== change.milestone.id), change.milestone].sort(
          (a, b) => a.date.getTime() - b.date.getTime(),
        );
        break;
      case 'milestone.deleted':
        this.milestoneList = this.milestoneList.filter((m) => m.id !== change.id);
        break;
      case 'relationship.created':
        this.addLink(change.relationship);
        break;
      case 'relationship.deleted':
        this.removeLink(change.id);
        break;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A failing view must not stop the model or the other views.
      }
    }
  }

  get(id: string): DocumentMeta | undefined {
    return this.docs.get(id);
  }
  has(id: string): boolean {
    return this.docs.has(id);
  }
  get size(): number {
    return this.docs.size;
  }
  documents(): IterableIterator<DocumentMeta> {
    return this.docs.values();
  }
  threads(): readonly Thread[] {
    return this.threadList;
  }
  thread(id: string): Thread | undefined {
    return this.threadList.find((t) => t.id === id);
  }
  threadDocuments(threadId: string | null, page: { offset?: number; limit?: number } = {}): DocumentMeta[] {
    const list = this.byThread.get(threadId ?? NO_THREAD) ?? [];
    const offset = Math.max(0, page.offset ?? 0);
    return list.slice(offset, offset + Math.max(0, page.limit ?? 50));
  }
  threadSize(threadId: string | null): number {
    return this.byThread.get(threadId ?? NO_THREAD)?.length ?? 0;
  }
  milestones(threadId?: string): readonly Milestone[] {
    return threadId === undefined ? this.milestoneList : this.milestoneList.filter((m) => m.threadId === threadId);
  }
  links(id: string, direction: Direction = 'both'): readonly Relationship[] {
    const list = this.touching.get(id) ?? [];
    const out = direction !== 'inbound' ? list.filter((link) => link.from === id) : [];
    const into = direction !== 'outbound' ? list.filter((link) => link.to === id) : [];
    return direction === 'both' ? [...out, ...into] : direction === 'outbound' ? out : into;
  }
  relationships(): IterableIterator<Relationship> {
    return this.edges.values();
  }
  titlePrefix(prefix: string, limit = 20): DocumentMeta[] {
    this.titles ??= [...this.docs.values()]
      .map((doc) => ({ key: doc.title.toLowerCase(), doc }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const key = prefix.toLowerCase();
    const out: DocumentMeta[] = [];
    for (let i = lowerBound(this.titles, { key, doc: undefined as never }, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); i < this.titles.length && out.length < limit; i++) {
      if (!this.titles[i]!.key.startsWith(key)) break;
      out.push(this.titles[i]!.doc);
    }
    return out;
  }
  content(id: string): Promise<Document> {
    return this.store.getDocument(id);
  }
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.listeners.clear();
  }
}

/**
 * Loads the workspace model from a store and starts following its changes.
 * With a snapshot file, opening reads the file and catches up from the
 * event log instead of scanning the database (the file is written after a
 * full load and by saveSnapshot()).
 */
export async function loadWorkspaceModel(store: GraphStore, options: LoadWorkspaceModelOptions = {}): Promise<WorkspaceModel> {
  const model = new MemoryWorkspaceModel(store);
  await model.load(options.snapshotFile);
  return model;
}
