import { tokenize } from '../../search/tokenize.js';

/**
 * A question with fewer content words than this leans on the one before
 * it: "and when was that?" has one ("when"), "where should the fern
 * stand?" has four. Counting words (stop words excluded) works in any
 * language the tokenizer splits, where a list of pronouns would be
 * English only.
 */
export const FOLLOW_UP_TERMS = 3;

/**
 * What retrieval searches for: the question itself, or, for a short
 * follow-up, the previous question and the new one together, so the
 * passages about what "that" refers to are found again. Pure.
 */
export function retrievalQuery(question: string, previousQuestion: string | undefined): string {
  if (previousQuestion === undefined || tokenize(question).length >= FOLLOW_UP_TERMS) return question;
  return `${previousQuestion}\n${question}`;
}
