import type { SavedSearchIndex, SearchIndex } from '../search/index.js';
import type { GraphStore } from '../store/index.js';
import type { DocumentHit, DocumentService, DocumentSummary, TestMutations } from './ports.js';

/** How much of a document's beginning describes a result that has no match snippet. */
export const EXCERPT_CHARS = 200;

/** What the service asks of a search index. */
export type IndexAnswers = Pick<SearchIndex, 'search' | 'summary' | 'contentStart'>;

/** What answers the Shell while the workspace model is still loading. */
export type EarlyDocuments = Pick<DocumentService, 'search' | 'describe' | 'excerpt'> & TestMutations;

/**
 * The service's documents from the search index alone: ranking, titles,
 * types and the start of the text all come from the index (loaded from its
 * own file), so the Shell's first questions are answered before the
 * workspace model has loaded. The model-backed WorkspaceDocuments searches
 * through this same class, so both give the same ranking and snippets; the
 * index's titles and types are the store's, as the model's are. Test writes
 * go to the store, which is open by then.
 */
export class IndexedDocuments implements EarlyDocuments {
  constructor(
    private readonly index: IndexAnswers,
    private readonly store: Pick<GraphStore, 'updateDocument' | 'deleteDocument'>,
  ) {}

  async search(query: string, limit: number): Promise<DocumentHit[]> {
    return searchIndex(this.index, query, limit);
  }

  describe(ids: readonly string[]): DocumentSummary[] {
    const found: DocumentSummary[] = [];
    for (const id of ids) {
      const summary = this.index.summary(id);
      if (summary) found.push(summary);
    }
    return found;
  }

  async excerpt(id: string): Promise<string> {
    return this.index.contentStart(id, EXCERPT_CHARS) ?? '';
  }

  async renameDocument(id: string, title: string): Promise<void> {
    await this.store.updateDocument(id, { title });
  }

  async deleteDocument(id: string): Promise<void> {
    await this.store.deleteDocument(id);
  }
}

/** The index's hits as the service returns them: one ranking source for the early and the model-backed answers. */
export function searchIndex(index: IndexAnswers, query: string, limit: number): DocumentHit[] {
  return index.search(query, { limit }).map((hit) => ({
    id: hit.id,
    title: hit.title,
    snippet: hit.snippet,
    docType: hit.docType,
    score: hit.score,
  }));
}

/**
 * A plain workspace's saved index (read without the store) until the index
 * opened over the store is ready, then that one, which follows the store's
 * changes: a cold service answers the Shell before its store has opened.
 */
export class SavedIndexUntilOpen implements IndexAnswers {
  private current: IndexAnswers;

  constructor(saved: SavedSearchIndex, opening: Promise<SearchIndex>) {
    this.current = saved;
    opening.then(
      (index) => {
        this.current = index;
        saved.close();
      },
      () => undefined, // the workspace's opening reports it; the saved index goes on answering
    );
  }

  search(...args: Parameters<SearchIndex['search']>): ReturnType<SearchIndex['search']> {
    return this.current.search(...args);
  }

  summary(id: string): ReturnType<SearchIndex['summary']> {
    return this.current.summary(id);
  }

  contentStart(id: string, chars: number): string | undefined {
    return this.current.contentStart(id, chars);
  }
}
