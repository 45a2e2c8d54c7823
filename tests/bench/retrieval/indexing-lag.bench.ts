import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig } from '../../../src/core/index.js';
import { GgufEmbedder, SemanticIndex, SentenceEncoder, type Embedder } from '../../../src/retrieval/index.js';
import { testModels } from '../../support/ai-server.js';
import { openTestStore, tempDir } from '../../support/store.js';

/**
 * The main loop's lag while the semantic index embeds in the background, as
 * the window's process runs it: embedding happens in the encoder's worker
 * (or the model host), putting vectors into the HNSW graph, searches and
 * the checkpoint saves in the index's worker (vector-index-worker.ts); the
 * main thread chunks, queues and passes messages. Measures the event-loop delay
 * (perf_hooks, 1 ms resolution) during SemanticIndex.run over N synthetic
 * notes of three passages, with the generated bge-small-shaped GGUF model
 * (fast, so the main thread's share shows) or the built-in encoder
 * (`builtin`). Usage: node …/indexing-lag.bench.js [documents] [gguf|builtin]
 * (default 3000 gguf). Prints one JSON line and a table.
 *
 * Measured 2026-12 (3,000 notes, 9,000 passages, gguf, 2 cores shared with
 * other builds, load average 12-15), three runs each, alternating:
 *   graph and saves on the main thread: lag p99 18.1 / 12.9 / 12.1 ms,
 *     max 202 / 227 / 210 ms; 185-263 passages/s.
 *   graph and saves in the index's worker: lag p99 12.4 / 13.0 / 12.4 ms,
 *     max 187 / 184 / 159 ms; 186-218 passages/s.
 * Under --cpu-prof the main thread's CPU time while indexing fell from 3.6 s
 * to 2.1 s, and its stalls no longer hold graph adds (30-40 ms) or saves
 * (107-133 ms): the longest that remain show one or two samples of work, so
 * at this load they are waits for a core, not work on the loop.
 *
 * Measured 2026-12-07 (600 notes, 1,800 passages, gguf, load 6-15), five
 * runs each, alternating: one round trip to the index's worker per step
 * (KnownPassages) 179 / 156 / 135 / 177 / 207 passages/s, lag p99
 * 6.2-12.0 ms; two round trips (ask which passages are held, then put)
 * 200 / 153 / 147 / 140 / 229 passages/s, lag p99 4.8-13.2 ms. No
 * difference beyond the noise: a round trip costs ~0.12 ms (p50, 0.8 ms
 * max), about 10 ms in a 10 s run of 75 steps. The rate follows the load
 * and the embedder, not the messages.
 */
const documents = Number(process.argv[2] ?? 3000);
const which = process.argv[3] ?? 'gguf';

const WORDS = 'garden budget invoice tyre chain oven starter fern water light shade receipt tax plan meeting travel train ticket hotel recipe flour'.split(' ');
let seed = 5;
const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % WORDS.length]!;
const sentence = () => Array.from({ length: 12 }, word).join(' ') + '.';
const note = (i: number) => ({
  title: `Note ${i}`,
  content: ['Overview', 'Details', 'Next steps'].map((h) => `## ${h}\n\n${Array.from({ length: 3 }, sentence).join(' ')}`).join('\n\n'),
  docType: 'markdown' as const,
});

const store = await openTestStore('rocksdb');
for (let i = 0; i < documents; i += 500) await store.createDocuments(Array.from({ length: Math.min(500, documents - i) }, (_, j) => note(i + j)));

let registry: ModelRegistry | undefined;
let embedder: Embedder;
if (which === 'builtin') embedder = await SentenceEncoder.open();
else {
  const config = defaultConfig();
  config.ai.models.embedding = testModels().embedding;
  registry = new ModelRegistry({ ai: config.ai, modelsDir: path.join(tempDir(), 'models') });
  embedder = await GgufEmbedder.open(registry.backend('embedding'));
}
const semantic = await SemanticIndex.open(store, embedder, { file: path.join(tempDir(), 'vectors.bin') });
const loadAtStart = os.loadavg()[0]!.toFixed(2);
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const started = performance.now();
const progress = await semantic.run();
const runMs = performance.now() - started;
delay.disable();
const ms = (ns: number) => Math.round(ns / 1e5) / 10;
const result = {
  documents,
  embedder: embedder.id,
  passages: semantic.status().passages,
  embedded: progress.embedded,
  runMs: Math.round(runMs),
  passagesPerSecond: Math.round((progress.embedded / runMs) * 1000),
  lagMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
  loadAtStart,
  loadAtEnd: os.loadavg()[0]!.toFixed(2),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdout.write('documents  passages  passages/s  lag p50 ms  lag p99 ms  lag max ms  load\n');
process.stdout.write(
  `${String(documents).padStart(9)}  ${String(result.passages).padStart(8)}  ${String(result.passagesPerSecond).padStart(10)}  ${String(result.lagMs.p50).padStart(10)}  ${String(result.lagMs.p99).padStart(10)}  ${String(result.lagMs.max).padStart(10)}  ${loadAtStart}\n`,
);
await semantic.close();
await embedder.close();
await registry?.close();
process.exit(0);
