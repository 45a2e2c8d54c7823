/**
 * Model runtime benchmark: for the tiny qwen2 fixture (and, with --3b, a
 * Qwen2.5-3B-shaped Q4_0 model generated on demand, ~1.7 GB): load time,
 * time to first token, tokens/s, the app process's event-loop lag while the
 * model generates (compared with the same window idle), the model process's
 * RSS before load / after load / after unload over N cycles, and embeddings
 * per second with a bge-small-shaped BERT. Prints JSON, then a table.
 *
 *   node build/tests/bench/ai/model-runtime.bench.js [--3b] [--cycles N] [--3b-cycles N]
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig } from '../../../src/core/index.js';
import { ensureModel, type FixtureName } from '../../fixtures/gguf/fixtures.js';
import { repoRoot } from '../../support/repo.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const generatedDir = path.join(repoRoot, 'tests', 'fixtures', 'generated');
const MB = 1024 * 1024;

function registryFor(chat: string, embedding = ''): ModelRegistry {
  const config = defaultConfig();
  config.ai.models.chat = chat;
  config.ai.models.embedding = embedding;
  config.ai.context_size = 2048;
  config.ai.idle_unload_minutes = 0;
  return new ModelRegistry({ ai: config.ai, modelsDir: generatedDir });
}

async function lagDuring<T>(work: () => Promise<T>): Promise<{ result: T; p99Ms: number; maxMs: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  histogram.disable();
  return { result, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, ms };
}

async function idleLag(ms: number): Promise<number> {
  const { p99Ms } = await lagDuring(() => new Promise((resolve) => setTimeout(resolve, ms)));
  return p99Ms;
}

async function benchChat(label: string, fixture: FixtureName, cycles: number, maxTokens: number) {
  const generatedAt = performance.now();
  const file = ensureModel(generatedDir, fixture);
  const generateMs = performance.now() - generatedAt;
  const registry = registryFor(file);
  try {
    const rss = async () => (await registry.host.request('status', {})).rssBytes;
    const freshHostRss = await rss();
    const loadStart = performance.now();
    await registry.load('chat');
    // The first load also initialises llama.cpp in the host (libraries, backend).
    const coldLoadMs = performance.now() - loadStart;
    await registry.unload('chat');
    // Baseline: a host with llama.cpp initialised and no model.
    const baselineRss = await rss();
    const warmStart = performance.now();
    await registry.load('chat');
    const loadMs = performance.now() - warmStart;
    const loadedRss = await rss();

    const chat = registry.backend('chat');
    let firstTokenMs = 0;
    const started = performance.now();
    const generation = await lagDuring(() =>
      chat.generate(
        { messages: [{ role: 'user', content: 'Write a long answer about the budget meeting.' }], maxTokens },
        {
          onText: () => {
            firstTokenMs ||= performance.now() - started;
          },
        },
      ),
    );
    const idleP99 = await idleLag(Math.max(200, Math.min(generation.ms, 5000)));

    const afterUnload: number[] = [];
    const afterLoad: number[] = [loadedRss];
    await registry.unload('chat');
    afterUnload.push(await rss());
    for (let i = 1; i < cycles; i++) {
      await registry.load('chat');
      afterLoad.push(await rss());
      await registry.unload('chat');
      afterUnload.push(await rss());
    }
    const summary = {
      label,
      fileMB: Math.round((await import('node:fs')).statSync(file).size / MB),
      generateFixtureMs: Math.round(generateMs),
      coldLoadMs: Math.round(coldLoadMs),
      loadMs: Math.round(loadMs),
      timeToFirstTokenMs: Math.round(firstTokenMs),
      tokensPerSecond: Number(generation.result.tokensPerSecond.toFixed(1)),
      completionTokens: generation.result.usage.completionTokens,
      eventLoopLagP99Ms: Number(generation.p99Ms.toFixed(2)),
      eventLoopLagMaxMs: Number(generation.maxMs.toFixed(2)),
      idleEventLoopLagP99Ms: Number(idleP99.toFixed(2)),
      lagRatioVsIdle: Number((generation.p99Ms / idleP99).toFixed(2)),
      rss: {
        cycles,
        freshHostMB: Math.round(freshHostRss / MB),
        beforeLoadMB: Math.round(baselineRss / MB),
        afterLoadMB: Math.round(Math.max(...afterLoad) / MB),
        afterUnloadFirstMB: Math.round(afterUnload[0]! / MB),
        afterUnloadLastMB: Math.round(afterUnload.at(-1)! / MB),
        afterUnloadMaxMB: Math.round(Math.max(...afterUnload) / MB),
        driftVsBaselineMB: Math.round((afterUnload.at(-1)! - baselineRss) / MB),
      },
    };
    return summary;
  } finally {
    await registry.close();
  }
}

async function benchEmbeddings(fixture: FixtureName, count: number) {
  const file = ensureModel(generatedDir, fixture);
  const registry = registryFor(file, file);
  try {
    const backend = registry.backend('embedding');
    const texts = Array.from({ length: count }, (_, i) => `note ${i}: the budget meeting summary for the workspace and the quick brown fox number ${i}`);
    await backend.embed(texts.slice(0, 2)); // load + warm up
    const start = performance.now();
    const vectors = await backend.embed(texts);
    const ms = performance.now() - start;
    return { label: fixture.replace('.gguf', ''), texts: count, dimensions: vectors[0]!.length, ms: Math.round(ms), embeddingsPerSecond: Number(((count * 1000) / ms).toFixed(1)) };
  } finally {
    await registry.close();
  }
}

const chatResults = [await benchChat('tiny-qwen2', 'tiny-qwen2.gguf', option('--cycles', 20), 512)];
if (args.includes('--3b')) chatResults.push(await benchChat('qwen2-3b-shaped-q4_0', 'qwen2-3b-shaped-q4_0.gguf', option('--3b-cycles', 20), option('--3b-tokens', 48)));
const embeddingResults = [await benchEmbeddings('tiny-bert.gguf', 200), await benchEmbeddings('bge-small-shaped.gguf', option('--embeddings', 100))];

const report = { machine: { note: 'shared 2-core machine under load from other work' }, chat: chatResults, embeddings: embeddingResults };
console.log(JSON.stringify(report, null, 2));
console.log('');
console.log('model                  load ms (cold)  TTFT ms  tok/s   lag p99 ms (idle)  RSS MB before/loaded/after-unload(last of N) drift');
for (const r of chatResults) {
  console.log(
    `${r.label.padEnd(22)} ${String(r.loadMs).padStart(7)} (${r.coldLoadMs})  ${String(r.timeToFirstTokenMs).padStart(7)}  ${String(r.tokensPerSecond).padStart(6)}  ${String(r.eventLoopLagP99Ms).padStart(6)} (${r.idleEventLoopLagP99Ms})       ${r.rss.beforeLoadMB}/${r.rss.afterLoadMB}/${r.rss.afterUnloadLastMB} (N=${r.rss.cycles})  ${r.rss.driftVsBaselineMB >= 0 ? '+' : ''}${r.rss.driftVsBaselineMB} MB`,
  );
}
console.log('');
console.log('embedding model        texts  dims  ms      per second');
for (const r of embeddingResults) console.log(`${r.label.padEnd(22)} ${String(r.texts).padStart(5)}  ${String(r.dimensions).padStart(4)}  ${String(r.ms).padStart(6)}  ${r.embeddingsPerSecond}`);
