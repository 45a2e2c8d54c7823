import type { SearchFilters } from '../search/index.js';
import type { DocumentEntry } from './vector-index-file.js';

/**
 * Which documents a vector search may return, as data rather than a
 * function, so it can cross to the thread that owns the index: the
 * overlay's filters (type, thread, date range) and documents to leave out.
 */
export interface DocumentFilter extends SearchFilters {
  /** Documents never returned (the one asked about and those already linked to it). */
  exclude?: readonly string[];
}

/** The test a filter describes over the documents the index knows; undefined when it lets everything through. */
export function acceptOf(filter: DocumentFilter | undefined, documents: ReadonlyMap<string, DocumentEntry>): ((documentId: string) => boolean) | undefined {
  if (!filter) return undefined;
  const { docTypes, threadIds, from, until, exclude } = filter;
  const hasMetadataTest = docTypes || threadIds || from || until;
  if (!hasMetadataTest && !exclude?.length) return undefined;
  const types = docTypes && new Set<string>(docTypes);
  const threads = threadIds && new Set(threadIds);
  const left = exclude?.length ? new Set(exclude) : undefined;
  const fromMs = from?.getTime();
  const untilMs = until?.getTime();
  return (id) => {
    if (left?.has(id)) return false;
    const e = documents.get(id);
    if (!e) return false;
    if (types && !types.has(e.docType)) return false;
    if (threads && !threads.has(e.threadId)) return false;
    if (fromMs !== undefined && e.modifiedAt < fromMs) return false;
    if (untilMs !== undefined && e.modifiedAt >= untilMs) return false;
    return true;
  };
}
