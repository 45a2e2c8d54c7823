import { fuseRanks } from './reciprocal-rank-fusion.js';

/**
 * The cosine below which a passage found by meaning alone answers a
 * different question. The built-in sentence encoder scores paraphrases
 * around 0.5 and unrelated text around 0.14 (STACK.md); 0.3 sits between
 * them. A document that shares words with the query keeps its meaning rank
 * whatever its cosine: the words already vouch for it.
 */
export const MEANING_FLOOR = 0.3;

/** A document found by meaning: its best passage's cosine to the query. */
export interface MeaningRank {
  documentId: string;
  score: number;
}

export interface FusedDocument {
  id: string;
  /** The reciprocal-rank-fusion score: higher is better, comparable only within one list. */
  score: number;
}

/**
 * Fuses a words (BM25) ranking and a meaning (vector) ranking of documents
 * by reciprocal rank, then drops the documents only meaning found whose
 * cosine is under the floor. Ranks are those of the full lists, so the floor
 * removes weak hits without reordering the rest. The search overlay, the
 * CLI and the answer service all fuse through this one function, so a
 * question and a search over the same words find the same documents.
 */
export function fuseWordsAndMeaning(words: readonly string[], meaning: readonly MeaningRank[], floor = MEANING_FLOOR): FusedDocument[] {
  const byWords = new Set(words);
  const weak = new Set(meaning.filter((h) => h.score < floor && !byWords.has(h.documentId)).map((h) => h.documentId));
  // A document a list names twice keeps its better rank (fuseRanks), so its best cosine decides.
  for (const hit of meaning) if (hit.score >= floor) weak.delete(hit.documentId);
  return fuseRanks([words, meaning.map((h) => h.documentId)]).filter((f) => !weak.has(f.id));
}
