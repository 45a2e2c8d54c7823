import type { HitFilter, InvertedIndex } from './inverted-index.js';
import type { IndexedSummary, SearchHit, SearchOptions } from './search-index.js';
import { makeSnippet } from './snippet.js';

/**
 * What an InvertedIndex answers for a SearchIndex: searches, and what it
 * holds about a document. Shared by the index that follows the store
 * (compact-search-index.ts) and a saved index read on its own while the
 * store opens (saved-search-index.ts).
 */
export abstract class IndexQueries {
  constructor(protected index: InvertedIndex) {}

  has(id: string): boolean {
    return this.index.has(id);
  }

  get size(): number {
    return this.index.size;
  }

  summary(id: string): IndexedSummary | undefined {
    const ordinal = this.index.find(id);
    return ordinal === undefined ? undefined : { id, title: this.index.title(ordinal), docType: this.index.docType(ordinal) };
  }

  contentStart(id: string, chars: number): string | undefined {
    const ordinal = this.index.find(id);
    return ordinal === undefined ? undefined : this.index.text(ordinal).slice(0, chars);
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.min(200, Math.max(1, Math.trunc(options.limit ?? 10) || 10));
    if (!query.trim()) return [];
    const f = options.filters;
    const filter: HitFilter | undefined =
      f && (f.threadIds || f.docTypes || f.from || f.until)
        ? {
            ...(f.threadIds ? { threadIds: new Set(f.threadIds) } : {}),
            ...(f.docTypes ? { docTypes: new Set(f.docTypes) } : {}),
            ...(f.from ? { from: f.from.getTime() } : {}),
            ...(f.until ? { until: f.until.getTime() } : {}),
          }
        : undefined;
    const { hits, terms } = this.index.search(query, limit, filter, options.match === 'any');
    return hits.map(({ ordinal, score }) => ({
      id: this.index.id(ordinal),
      title: this.index.title(ordinal),
      snippet: makeSnippet(this.index.text(ordinal), terms),
      docType: this.index.docType(ordinal),
      threadId: this.index.threadId(ordinal),
      modifiedAt: new Date(this.index.modifiedAt(ordinal)),
      score,
    }));
  }
}
