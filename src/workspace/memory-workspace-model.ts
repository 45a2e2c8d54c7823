import type { Direction, Document, DocumentMeta, GraphStore, Milestone, Relationship, StoreChange, Thread } from '../store/index.js';
import { lowerBound } from './sorted.js';
import type { WorkspaceModel } from './workspace-model.js';

const NO_THREAD = '\u0000none';

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
  private readonly outbound = new Map<string, Set<string>>();
  private readonly inbound = new Map<string, Set<string>>();
  private titles: { key: string; doc: DocumentMeta }[] | undefined;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private unsubscribe: (() => void) | undefined;
  private lastSeq = 0;

  constructor(readonly store: GraphStore) {}

  async load(): Promise<void> {
    const pending: StoreChange[] = [];
    let loaded = false;
    this.unsubscribe = this.store.subscribe((change) => (loaded ? this.apply(change) : pending.push(change)));
    const [docs, threads, milestones, links] = await Promise.all([
      this.store.allDocumentMeta(),
      this.store.listThreads(),
      this.store.listMilestones(),
      this.store.allRelationships(),
    ]);
    for (const doc of docs) this.docs.set(doc.id, doc);
    for (const doc of docs) this.bucket(doc.threadId).push(doc);
    for (const list of this.byThread.values()) list.sort(byCreated);
    this.threadList = threads;
    this.milestoneList = milestones;
    for (const link of links) this.addLink(link);
    loaded = true;
    // Changes that committed while loading may or may not be in what was read; applying them is idempotent.
    for (const change of pending) this.apply(change);
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

  private addLink(link: Relationship): void {
    this.edges.set(link.id, link);
    for (const [index, key] of [
      [this.outbound, link.from],
      [this.inbound, link.to],
    ] as const) {
      let set = index.get(key);
      if (!set) index.set(key, (set = new Set()));
      set.add(link.id);
    }
  }

  private removeLink(id: string): void {
    const link = this.edges.get(id);
    if (!link) return;
    this.edges.delete(id);
    this.outbound.get(link.from)?.delete(id);
    this.inbound.get(link.to)?.delete(id);
  }

  private apply(change: StoreChange): void {
    if (change.seq <= this.lastSeq) return;
    this.lastSeq = change.seq;
    switch (change.kind) {
      case 'document.created':
      case 'document.updated':
        this.insertDoc(change.document);
        break;
      case 'document.deleted':
        this.removeDoc(change.id);
        for (const index of [this.outbound, this.inbound]) {
          for (const linkId of index.get(change.id) ?? []) this.removeLink(linkId);
          index.delete(change.id);
        }
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
    const ids = [
      ...(direction !== 'inbound' ? (this.outbound.get(id) ?? []) : []),
      ...(direction !== 'outbound' ? (this.inbound.get(id) ?? []) : []),
    ];
    return ids.map((linkId) => this.edges.get(linkId)!).filter(Boolean);
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

/** Loads the workspace model from a store and starts following its changes. */
export async function loadWorkspaceModel(store: GraphStore): Promise<WorkspaceModel> {
  const model = new MemoryWorkspaceModel(store);
  await model.load();
  return model;
}
