import { openMemoryStore } from '../../../src/store/index.js';
import { SentenceEncoder } from '../../../src/retrieval/index.js';
import { loadReverseDictionary } from './gcide-reverse-dictionary.js';
import { evaluateRetrieval, formatQualityTable } from './evaluate-retrieval.js';

/**
 * Retrieval quality on text no one on the team wrote: a reverse-dictionary
 * task over Debian's dict-gcide, measured for BM25 alone, vectors alone
 * (the built-in encoder) and hybrid. Usage: node …/reverse-dictionary.bench.js [entries]
 * (default 2000). Prints one JSON line, then a table.
 */
const size = Number(process.argv[2] ?? 2000);
const task = loadReverseDictionary(size);
const store = await openMemoryStore();
const encoder = await SentenceEncoder.open();
const started = performance.now();
const report = await evaluateRetrieval(store, encoder, task);
process.stdout.write(`${JSON.stringify({ ...report, seconds: Math.round((performance.now() - started) / 100) / 10 })}\n${formatQualityTable(report)}\n`);
await encoder.close();
await store.close();
process.exit(0);
