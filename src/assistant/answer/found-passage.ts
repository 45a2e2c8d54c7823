import { tokenize } from '../../search/tokenize.js';
import { chunkMarkdown, fuseWordsAndMeaning, MEANING_FLOOR, type RetrievalSources } from '../../retrieval/index.js';

/** A passage retrieval judged relevant to a question, best first. */
export interface FoundPassage {
  documentId: string;
  title: string;
  headingPath: string[];
  start: number;
  end: number;
  /** The passage as it stands in the document. */
  text: string;
}

/** Documents whose best passage goes to the prompt: more rarely fit a local model's context. */
const DOCUMENTS = 6;
/** Candidates each list offers before the relevance cut and the fusion. */
const CANDIDATES = 20;

/**
 * Finds the passages that may answer a question: documents that share a
 * (non-stop) word with it (BM25) or whose passages are near it in meaning,
 * fused as the search overlay fuses them (fuseWordsAndMeaning: a document
 * found by meaning alone needs a cosine over its floor); from each, the passage
 * the vectors pointed at, or else the one sharing most of the question's
 * words. Nothing relevant gives an empty list: the caller says so instead
 * of letting a model improvise.
 */
export async function findPassages(sources: RetrievalSources, question: string, signal?: AbortSignal): Promise<FoundPassage[]> {
  const words = sources.bm25.search(question, { limit: CANDIDATES, match: 'any' });
  const meaning = sources.semantic ? await sources.semantic.search(question, CANDIDATES, undefined, signal) : [];
  const fused = fuseWordsAndMeaning(words.map((h) => h.id), meaning).slice(0, DOCUMENTS);
  if (fused.length === 0) return [];
  const docs = new Map((await sources.store.getDocuments(fused.map((f) => f.id))).map((d) => [d.id, d]));
  // A weak vector hit on a document the words found points nowhere useful: the words pick its passage then.
  const pointed = new Map(meaning.filter((h) => h.score >= MEANING_FLOOR).map((h) => [h.documentId, h]));
  const terms = new Set(tokenize(question));
  const found: FoundPassage[] = [];
  for (const { id } of fused) {
    const doc = docs.get(id);
    if (!doc) continue;
    const passages = chunkMarkdown(doc.id, doc.title, doc.content);
    if (passages.length === 0) continue;
    const hit = pointed.get(id);
    const best =
      (hit && passages.find((p) => p.start === hit.start && p.end === hit.end)) ??
      passages.reduce((a, b) => (sharedTerms(b.text, terms) > sharedTerms(a.text, terms) ? b : a));
    found.push({ documentId: doc.id, title: doc.title, headingPath: best.headingPath, start: best.start, end: best.end, text: doc.content.slice(best.start, best.end) });
  }
  return found;
}

function sharedTerms(text: string, terms: ReadonlySet<string>): number {
  let n = 0;
  for (const term of tokenize(text)) if (terms.has(term)) n++;
  return n;
}
