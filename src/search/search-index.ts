import type { DocType } from '../store/index.js';

/** One search result: enough to show a row and open the document. */
export interface SearchHit {
  id: string;
  title: string;
  /** A short excerpt of the content around the first match (plain text, one line). */
  snippet: string;
  docType: DocType;
  threadId: string | null;
  modifiedAt: Date;
  /** Higher is better; only comparable within one result list. */
  score: number;
}

/** A document as the index holds it: enough to describe a result row without the workspace model or the store. */
export interface IndexedSummary {
  id: string;
  title: string;
  docType: DocType;
}

export interface SearchFilters {
  docTypes?: readonly DocType[];
  /** Thread ids; null in the list selects documents in no thread. */
  threadIds?: readonly (string | null)[];
  /** Bounds on modifiedAt: inclusive from, exclusive until. */
  from?: Date;
  until?: Date;
}

export interface SearchOptions {
  /** Most results, 1..200 (default 10). */
  limit?: number;
  filters?: SearchFilters;
  /** 'all' (default): every word must match; 'any': one is enough, more rank higher (natural-language questions). */
  match?: 'all' | 'any';
}

/**
 * Full-text search over titles and content, answered in process (about a
 * millisecond at 50K documents, fit for search-as-you-type). Every word
 * must match; stop words ("the", "to") only rank, unless the query has
 * nothing else; the last word, while being typed (no trailing space), also
 * matches as a prefix from its first letter on, stop word or not; a word that
 * matches nothing exactly matches its one-typo neighbours. Ranking is BM25, and a title
 * match outweighs any number of mentions in the content. The index follows
 * the store's change notifications and is saved (a compact binary file) so
 * the next start loads it instead of rebuilding.
 */
export interface SearchIndex {
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * What the index holds about a document (the title and type it was last
   * indexed with), or undefined when it is not indexed. Lets a result be
   * described before the workspace model has loaded.
   */
  summary(id: string): IndexedSummary | undefined;
  /**
   * The first `chars` characters of a document's content as stored (markup
   * kept; the index keeps the first 32 KiB), or undefined when it is not
   * indexed. Read from the index file, not the store.
   */
  contentStart(id: string, chars: number): string | undefined;
  /** Documents indexed. */
  readonly size: number;
  /** Resolves when every change announced so far is searchable. */
  whenIdle(): Promise<void>;
  /** Writes the index to its file now (it is also written on close). */
  save(): Promise<void>;
  /** Stops following the store and saves. The store stays open. */
  close(): Promise<void>;
}

export interface OpenSearchIndexOptions {
  /**
   * Where the index is persisted, e.g. <cacheDir>/search-index.bin (ignored for mem:// stores).
   * Absent: kept in memory only (tests, mem:// stores).
   */
  file?: string;
  /** Reports rebuild progress (documents indexed so far, total). */
  onProgress?: (done: number, total: number) => void;
}

