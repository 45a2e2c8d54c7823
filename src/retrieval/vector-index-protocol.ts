import type { WireError } from '../core/index.js';
import type { IndexedPassages } from './indexed-passages.js';

/** The methods the index's worker answers: every public method of IndexedPassages except the `passages` getter. */
export type IndexMethod = { [K in keyof IndexedPassages]: IndexedPassages[K] extends (...args: never[]) => unknown ? K : never }[keyof IndexedPassages];

export interface IndexCall {
  id: number;
  method: IndexMethod;
  args: unknown[];
}

export type IndexReply = { id: number; result: unknown } | { id: number; error: WireError };
