import os from 'node:os';
import path from 'node:path';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { AnswerService, findPassages, fitPrompt } from '../../../src/assistant/answer/index.js';
import { defaultConfig } from '../../../src/core/index.js';
import { SemanticIndex, SentenceEncoder, chunkMarkdown } from '../../../src/retrieval/index.js';
import { normaliseInPlace } from '../../../src/retrieval/unit-vector.js';
import { writeVectorIndexFile, type DocumentEntry } from '../../../src/retrieval/vector-index-file.js';
import { RowColumns, type KeyedVectorRow } from '../../../src/retrieval/row-columns.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { testModels } from '../../support/ai-server.js';
import { openTestStore, tempDir } from '../../support/store.js';
import { seededRandom } from '../../fixtures/workspace-fixture.js';

/**
 * How fast an answer starts on a large workspace: N synthetic markdown
 * notes (three sections each, so about 3N passages) in an on-disk store,
 * the BM25 index, and the vector index of the built-in encoder. Embedding
 * 150K passages takes over half an hour on 2 cores, so the passage vectors
 * are random unit vectors written as the index file (the HNSW graph is
 * built from them on open, as after a lost graph file); the question is
 * embedded by the real encoder. Reports p50/p99 over Q questions of
 * retrieval (findPassages), prompt building (fitPrompt, counting tokens in
 * the model host) and time to the first answer token through AnswerService
 * with the generated chat model. Usage:
 * node …/answer-speed.bench.js [documents] [questions] (default 50000 20).
 * Prints one JSON line and a table.
 */
const documents = Number(process.argv[2] ?? 50_000);
const questions = Number(process.argv[3] ?? 20);

const next = seededRandom(11);
const WORDS = (
  'garden budget invoice tyre chain oven starter fern water light shade receipt tax plan meeting travel train ticket hotel recipe flour ' +
  'sugar paint wall window door roof repair report draft chapter thesis source method result figure table review deadline project client ' +
  'server backup disk network printer battery charger camera lens photo album music guitar lesson school teacher homework exam holiday'
).split(' ');
const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
const sentence = () => {
  const text = Array.from({ length: 8 + Math.floor(next() * 10) }, word).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
};
const note = (i: number) => ({
  title: `Note ${i} ${word()} ${word()}`,
  content: ['Overview', 'Details', 'Next steps'].map((h) => `## ${h}\n\n${Array.from({ length: 4 }, sentence).join(' ')}`).join('\n\n'),
  docType: 'markdown' as const,
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
}

const load = () => os.loadavg()[0]!.toFixed(2);
const startLoad = load();
const store = await openTestStore('rocksdb');
let t = performance.now();
for (let i = 0; i < documents; i += 500) await store.createDocuments(Array.from({ length: Math.min(500, documents - i) }, (_, j) => note(i + j)));
const createMs = performance.now() - t;

t = performance.now();
const bm25 = await openSearchIndex(store);
const bm25Ms = performance.now() - t;

const encoder = await SentenceEncoder.open();
const file = path.join(tempDir(), 'vectors.bin');
const entries = new Map<string, DocumentEntry>();
const rows: KeyedVectorRow[] = [];
const metas = await store.allDocumentMeta();
for (let i = 0; i < metas.length; i += 1000) {
  for (const doc of await store.getDocuments(metas.slice(i, i + 1000).map((m) => m.id))) {
    for (const p of chunkMarkdown(doc.id, doc.title, doc.content)) rows.push({ documentId: doc.id, hash: p.hash, start: p.start, end: p.end, key: rows.length });
  }
}
for (const m of metas) entries.set(m.id, { title: m.title, docType: m.docType, threadId: m.threadId, modifiedAt: m.modifiedAt.getTime() });
const vectors = new Float32Array(rows.length * encoder.dimensions);
for (let r = 0; r < rows.length; r++) {
  const vector = vectors.subarray(r * encoder.dimensions, (r + 1) * encoder.dimensions);
  for (let d = 0; d < vector.length; d++) vector[d] = next() * 2 - 1;
  normaliseInPlace(vector);
}
writeVectorIndexFile(file, { model: encoder.id, location: store.location, documents: entries, rows: RowColumns.of(rows), vectors, dimensions: encoder.dimensions, pending: [] });
t = performance.now();
const semantic = await SemanticIndex.open(store, encoder, { file });
const vectorOpenMs = performance.now() - t;
const sources = { bm25, semantic, store };

const config = defaultConfig();
config.ai.models.chat = testModels().chat;
config.ai.context_size = 4096;
const registry = new ModelRegistry({ ai: config.ai, modelsDir: path.join(tempDir(), 'models') });
const answers = new AnswerService({ store, models: registry, retrieval: async () => sources });
const backend = registry.backend('chat');
const info = await backend.info();

const retrievalMs: number[] = [];
const promptMs: number[] = [];
const firstTokenMs: number[] = [];
for (let q = 0; q < questions; q++) {
  const question = `How do I ${word()} the ${word()} before the ${word()}?`;
  t = performance.now();
  const passages = await findPassages(sources, question);
  retrievalMs.push(performance.now() - t);
  t = performance.now();
  await fitPrompt(question, passages, { contextSize: info.contextSize, countTokens: (text) => backend.countTokens(text) });
  promptMs.push(performance.now() - t);
  const stop = new AbortController();
  t = performance.now();
  let first = 0;
  await answers.ask(question, {
    signal: stop.signal,
    onText: () => {
      first ||= performance.now() - t;
      stop.abort();
    },
  });
  if (first) firstTokenMs.push(first);
}

const result = {
  documents,
  passages: semantic.status().passages,
  questions,
  createMs: Math.round(createMs),
  bm25OpenMs: Math.round(bm25Ms),
  vectorOpenMs: Math.round(vectorOpenMs),
  retrievalMs: { p50: percentile(retrievalMs, 0.5), p99: percentile(retrievalMs, 0.99) },
  promptMs: { p50: percentile(promptMs, 0.5), p99: percentile(promptMs, 0.99) },
  firstTokenMs: { p50: percentile(firstTokenMs, 0.5), p99: percentile(firstTokenMs, 0.99), answered: firstTokenMs.length },
  loadAtStart: startLoad,
  loadAtEnd: load(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdout.write(`${result.documents} documents, ${result.passages} passages, ${questions} questions; load ${startLoad} -> ${result.loadAtEnd}\n`);
process.stdout.write('stage                         p50 ms    p99 ms\n');
for (const [name, v] of [['retrieval (findPassages)', result.retrievalMs], ['prompt (fitPrompt)', result.promptMs], ['first answer token (ask)', result.firstTokenMs]] as const) {
  process.stdout.write(`${name.padEnd(28)} ${String(v.p50).padStart(7)}  ${String(v.p99).padStart(8)}\n`);
}
process.stdout.write(`store fill ${result.createMs} ms, BM25 open ${result.bm25OpenMs} ms, vector index open (graph rebuilt) ${result.vectorOpenMs} ms\n`);
await semantic.close();
await bm25.close();
await registry.close();
await encoder.close();
process.exit(0);
