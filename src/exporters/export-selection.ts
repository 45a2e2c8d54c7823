import { SovereignError, _, format } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import type { Document, Relationship, Thread } from '../store/records.js';

/** What to export: one document, one thread, or the whole workspace. */
export type ExportSelection = { kind: 'document'; documentId: string } | { kind: 'thread'; threadId: string } | { kind: 'all' };

/** The records an export writes, read once from the store. */
export interface ExportContents {
  selection: ExportSelection;
  /** The document's title, the thread's name, or "Workspace". */
  title: string;
  description: string;
  /** Oldest first (by creation date), as they sit on the timeline. */
  documents: Document[];
  /** Every thread, so documents can name theirs. */
  threads: Thread[];
  /** The relationships between the exported documents (both ends among them). */
  relationships: Relationship[];
}

const PAGE = 1000;

export async function readExportContents(store: GraphStore, selection: ExportSelection, workspaceTitle: string): Promise<ExportContents> {
  const threads = await store.listThreads();
  let documents: Document[];
  let title: string;
  let description = '';
  if (selection.kind === 'document') {
    const doc = await store.findDocument(selection.documentId);
    if (!doc) throw new SovereignError('not-found', format(_('cannot export document {id}: there is no such document'), { id: selection.documentId }));
    documents = [doc];
    title = doc.title;
  } else {
    const thread = selection.kind === 'thread' ? threads.find((t) => t.id === selection.threadId) : undefined;
    if (selection.kind === 'thread' && !thread) throw new SovereignError('not-found', format(_('cannot export thread {id}: there is no such thread'), { id: selection.threadId }));
    const ids: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page = await store.listDocuments({ ...(thread ? { threadId: thread.id } : {}), orderBy: 'created', offset, limit: PAGE });
      ids.push(...page.items.map((meta) => meta.id));
      offset = page.nextOffset;
    }
    documents = [];
    for (let i = 0; i < ids.length; i += PAGE) documents.push(...(await store.getDocuments(ids.slice(i, i + PAGE))));
    title = thread?.name ?? workspaceTitle;
    description = thread?.description ?? '';
  }
  documents.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.title.localeCompare(b.title));
  const exported = new Set(documents.map((doc) => doc.id));
  const relationships = (await store.allRelationships()).filter((r) => exported.has(r.from) && exported.has(r.to));
  return { selection, title, description, documents, threads, relationships };
}
