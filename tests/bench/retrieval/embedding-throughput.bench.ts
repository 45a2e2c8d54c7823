import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig } from '../../../src/core/index.js';
import { GgufEmbedder, SentenceEncoder, chunkMarkdown, type Embedder } from '../../../src/retrieval/index.js';
import { ensureModel } from '../../fixtures/gguf/fixtures.js';
import { repoRoot } from '../../support/repo.js';

/**
 * Passages embedded per second, as the semantic index feeds them: real
 * English (the GPL-3 text Debian ships) split by chunkMarkdown into the
 * passages the index embeds, through the built-in sentence encoder (worker
 * thread) and through a generated bge-small-shaped Q8_0 GGUF model in the
 * model host, with 1 and 2 parallel embedding contexts. Also the model
 * process's CPU time per passage (what a passage costs whatever the load)
 * and the load averages while it ran: on a shared 2-core machine the rate
 * follows the load. Usage: node …/embedding-throughput.bench.js [passages] (default 64).
 */
const count = Number(process.argv[2] ?? 64);
const text = fs.readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
const passages = chunkMarkdown('gpl', 'GNU General Public License', text).map((p) => p.text);
const texts = Array.from({ length: count }, (_, i) => `${i} ${passages[i % passages.length]!}`);
const averageWords = Math.round(texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / texts.length);

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function measure(label: string, embedder: Embedder, cpuOf: () => number, tokensPerPassage?: number): Promise<void> {
  await embedder.embed(texts.slice(0, 2)); // warm up
  const cpuBefore = cpuOf();
  const loadBefore = os.loadavg()[0]!;
  const start = performance.now();
  await embedder.embed(texts);
  const ms = performance.now() - start;
  const cpu = cpuOf() - cpuBefore;
  process.stdout.write(
    `${JSON.stringify({
      embedder: label,
      passages: count,
      wordsPerPassage: averageWords,
      // What the model reads: the generated fixture's small vocabulary splits most words into pieces, and passages are cut to its 512-token window.
      ...(tokensPerPassage ? { tokensPerPassage } : {}),
      dimensions: embedder.dimensions,
      passagesPerSecond: Number(((count * 1000) / ms).toFixed(1)),
      cpuMsPerPassage: Number((cpu / count).toFixed(1)),
      passagesPerCpuSecond: Number(((count * 1000) / cpu).toFixed(1)),
      loadAverage: [loadBefore, os.loadavg()[0]!].map((l) => Number(l.toFixed(2))),
    })}\n`,
  );
}

const builtin = await SentenceEncoder.open();
// The encoder runs in a worker thread of this process: the process's CPU time is its cost.
await measure('built-in sentence encoder (USE lite, worker)', builtin, () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
});
await builtin.close();

const model = ensureModel(path.join(repoRoot, 'tests', 'fixtures', 'generated'), 'bge-small-shaped-q8_0.gguf');
for (const parallel of [1, 2]) {
  const config = defaultConfig();
  config.ai.models.embedding = model;
  config.ai.parallel_sequences = parallel;
  config.ai.idle_unload_minutes = 0;
  const registry = new ModelRegistry({ ai: config.ai, modelsDir: path.dirname(model) });
  try {
    const embedder = await GgufEmbedder.open(registry.backend('embedding'));
    const backend = registry.backend('embedding');
    const tokens = await Promise.all(texts.slice(0, 8).map(async (t) => Math.min(509, await backend.countTokens(t))));
    const tokensPerPassage = Math.round(tokens.reduce((a, b) => a + b, 0) / tokens.length);
    await measure(`bge-small-shaped Q8_0 GGUF, ${parallel} context(s) x 1 thread`, embedder, () => cpuMs(registry.host.pid!), tokensPerPassage);
  } finally {
    await registry.close();
  }
}
process.exit(0);
