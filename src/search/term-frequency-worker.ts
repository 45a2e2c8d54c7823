// The search index's tokeniser thread (term-counter.ts). Imports only what
// tokenising needs: core/off-thread (with core/log) and tokenize.
import { serveOffThread } from '../core/off-thread.js';
import { termFrequencies } from './tokenize.js';
import type { TermFrequencyInput } from './term-counter.js';

serveOffThread((input: TermFrequencyInput) => termFrequencies(input.title, input.content));
