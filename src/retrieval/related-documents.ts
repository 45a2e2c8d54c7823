import { SovereignError, _, format } from '../core/index.js';
import type { GraphStore, Relationship } from '../store/index.js';
import { chunkMarkdown } from './chunk-markdown.js';
import type { SemanticIndex } from './semantic-index.js';

/** A document close in meaning to another one, and the two passages that make it so. */
export interface RelatedDocument {
  id: string;
  title: string;
  /** Cosine similarity of the closest pair of passages, 0..1. */
  score: number;
  /** The other document's passage that matched best: [start, end) in its content. */
  passage: { start: number; end: number };
  /** The passage of the document asked about that it matched. */
  from: { start: number; end: number };
}

/**
 * Below this a pair of passages is not called related. The built-in
 * sentence encoder scores paraphrases around 0.5 and unrelated text around
 * 0.14 (STACK.md); 0.3 sits between them, so "related" means shared
 * meaning, not shared vocabulary of the language.
 */
export const MIN_RELATED_SCORE = 0.3;
/** Neighbours asked for per passage: enough that a document with several near passages is not crowded out by one long neighbour. */
const NEIGHBOURS_PER_PASSAGE = 12;
const DEFAULT_LIMIT = 8;

/**
 * "Related notes": for each passage of a document, its nearest passages in
 * other documents, aggregated per document by the best pair. The best pair,
 * not a sum: a reader recognises a note as related by one passage that says
 * the same thing, and a sum would favour long documents for their length.
 * Documents already linked to it (either direction, any kind) are left out:
 * the list proposes links that do not exist yet. Accepting one creates a
 * `related` relationship through the store, as `sovereign link add` does.
 */
export class RelatedDocuments {
  constructor(
    private readonly store: GraphStore,
    private readonly semantic: SemanticIndex,
  ) {}

  async find(documentId: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<RelatedDocument[]> {
    const limit = Math.min(50, Math.max(1, Math.trunc(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const document = await this.store.getDocument(documentId);
    const passages = chunkMarkdown(document.id, document.title, document.content);
    if (passages.length === 0) return [];
    const linked = linkedIds(documentId, await this.store.relationshipsOf(documentId, 'both'));
    const vectors = await this.semantic.passageVectors(passages, options.signal);
    const nearest = await this.semantic.nearestPassages(vectors, NEIGHBOURS_PER_PASSAGE, { exclude: [documentId, ...linked] });
    const best = new Map<string, RelatedDocument>();
    nearest.forEach((hits, i) => {
      const source = passages[i]!;
      for (const hit of hits) {
        if (hit.score < MIN_RELATED_SCORE) break;
        const prior = best.get(hit.documentId);
        if (prior && prior.score >= hit.score) continue;
        best.set(hit.documentId, {
          id: hit.documentId,
          title: hit.title,
          score: Math.min(1, hit.score),
          passage: { start: hit.start, end: hit.end },
          from: { start: source.start, end: source.end },
        });
      }
    });
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Links the two documents as `related`, with the similarity as the link's strength. */
  async accept(documentId: string, relatedId: string, score = 1): Promise<Relationship> {
    if (documentId === relatedId) {
      throw new SovereignError('invalid-input', format(_('Cannot relate document {id} to itself.'), { id: documentId }));
    }
    const strength = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 1;
    return this.store.createRelationship({ from: documentId, to: relatedId, kind: 'related', strength });
  }
}

function linkedIds(documentId: string, relationships: readonly Relationship[]): Set<string> {
  return new Set(relationships.map((r) => (r.from === documentId ? r.to : r.from)));
}
