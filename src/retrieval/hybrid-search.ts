import { _, format, isSovereignError } from '../core/index.js';
import type { SearchFilters, SearchIndex } from '../search/index.js';
import type { GraphStore } from '../store/index.js';
import { fuseWordsAndMeaning } from './fuse-words-and-meaning.js';
import type { SemanticHit, SemanticIndex } from './semantic-index.js';

export type SearchMode = 'bm25' | 'semantic' | 'hybrid';

export interface RetrievalHit {
  id: string;
  title: string;
  /** Higher is better; only comparable within one result list (BM25 score, cosine, or fused RRF score). */
  score: number;
  snippet: string;
}

export interface RetrievalResult {
  /** The mode that answered: hybrid and semantic fall back to bm25 when no embedder is available. */
  mode: SearchMode;
  /** Said to the person when the answer is not what they asked for (e.g. no embedding model). */
  notice?: string;
  hits: RetrievalHit[];
}

export interface RetrievalSources {
  bm25: SearchIndex;
  /** Absent when no embedding model is available. */
  semantic?: SemanticIndex;
  /** Where passage snippets of meaning-only hits are read from. */
  store: GraphStore;
}

/** Candidates each list contributes to the fusion: deep enough that a document ranked modestly by both can surface. */
const FUSION_DEPTH = 50;
const SNIPPET_CHARS = 160;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat;
}

async function passageSnippets(store: GraphStore, hits: readonly SemanticHit[]): Promise<Map<string, string>> {
  const docs = await store.getDocuments(hits.map((h) => h.documentId));
  const byId = new Map(docs.map((d) => [d.id, d]));
  return new Map(hits.map((h) => [h.documentId, oneLine(byId.get(h.documentId)?.content.slice(h.start, h.end) ?? '')]));
}

/**
 * One search over a workspace by words (BM25), by meaning (passage
 * vectors), or both fused by reciprocal rank fusion (weak meaning-only
 * matches dropped: fuseWordsAndMeaning), with the same filters
 * applied to both lists before they are ranked. The window, the CLI and the
 * D-Bus service all search through this.
 */
export async function searchDocuments(
  sources: RetrievalSources,
  query: string,
  options: { mode?: SearchMode; limit?: number; filters?: SearchFilters; signal?: AbortSignal } = {},
): Promise<RetrievalResult> {
  const limit = Math.min(200, Math.max(1, Math.trunc(options.limit ?? 10) || 10));
  const asked = options.mode ?? 'hybrid';
  const filters = options.filters;
  const byWordsOnly = (notice: string): RetrievalResult => {
    const hits = sources.bm25.search(query, { limit, match: 'any', ...(filters ? { filters } : {}) });
    return { mode: 'bm25', notice, hits: hits.map((h) => ({ id: h.id, title: h.title, score: h.score, snippet: h.snippet })) };
  };
  if (asked !== 'bm25' && !sources.semantic) return byWordsOnly(_('No embedding model is available: searching by words only'));
  try {
    return await searchWithMeaning(sources, query, asked, limit, filters, options.signal);
  } catch (error) {
    // The embedding model starts on first use (LazyEmbedder): one that cannot start leaves the words.
    if (!isSovereignError(error, 'model')) throw error;
    return byWordsOnly(format(_('The embedding model could not start ({reason}): searching by words only'), { reason: error.message }));
  }
}

async function searchWithMeaning(sources: RetrievalSources, query: string, asked: SearchMode, limit: number, filters: SearchFilters | undefined, signal: AbortSignal | undefined): Promise<RetrievalResult> {
  if (asked === 'bm25') {
    const hits = sources.bm25.search(query, { limit, match: 'any', ...(filters ? { filters } : {}) });
    return { mode: 'bm25', hits: hits.map((h) => ({ id: h.id, title: h.title, score: h.score, snippet: h.snippet })) };
  }
  const semantic = sources.semantic!;
  if (asked === 'semantic') {
    const hits = await semantic.search(query, limit, filters, signal);
    const snippets = await passageSnippets(sources.store, hits);
    return { mode: 'semantic', hits: hits.map((h) => ({ id: h.documentId, title: h.title, score: h.score, snippet: snippets.get(h.documentId) ?? '' })) };
  }
  // Natural-language queries rarely share every word with the answer: BM25 takes any word here.
  const words = sources.bm25.search(query, { limit: FUSION_DEPTH, match: 'any', ...(filters ? { filters } : {}) });
  const meaning = await semantic.search(query, FUSION_DEPTH, filters, signal);
  const fused = fuseWordsAndMeaning(words.map((h) => h.id), meaning).slice(0, limit);
  const byWords = new Map(words.map((h) => [h.id, h]));
  const byMeaning = new Map(meaning.map((h) => [h.documentId, h]));
  const needSnippets = fused.flatMap((f) => (byWords.has(f.id) ? [] : [byMeaning.get(f.id)!]));
  const snippets = await passageSnippets(sources.store, needSnippets);
  return {
    mode: 'hybrid',
    hits: fused.map((f) => {
      const w = byWords.get(f.id);
      return { id: f.id, title: w?.title ?? byMeaning.get(f.id)!.title, score: f.score, snippet: w?.snippet ?? snippets.get(f.id) ?? '' };
    }),
  };
}
