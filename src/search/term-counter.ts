import { OffThread } from '../core/off-thread.js';
import { termFrequencies } from './tokenize.js';

export interface TermFrequencyInput {
  title: string;
  content: string;
}

export type TermFrequencies = ReturnType<typeof termFrequencies>;

/**
 * Above this many characters a document is tokenised in the worker thread:
 * a 1 MB note took ~300 ms of the window's main loop on every autosave.
 * Below it, where it is asked for (less than the trip to the worker).
 */
export const OFF_THREAD_CHARS = 32_000;

let worker: OffThread<TermFrequencyInput, TermFrequencies> | undefined;

/**
 * The terms of a document with their packed counts (termFrequencies), a
 * long one counted in the process's one tokeniser thread; the same result
 * either way (counted here if the thread cannot).
 */
export async function countTerms(title: string, content: string): Promise<TermFrequencies> {
  if (content.length <= OFF_THREAD_CHARS) return termFrequencies(title, content);
  worker ??= new OffThread(new URL('./term-frequency-worker.js', import.meta.url), 'tokenising a document for search');
  return (await worker.run({ title, content })) ?? termFrequencies(title, content);
}
