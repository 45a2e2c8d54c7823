/**
 * Model runtime benchmark: for the tiny qwen2 fixture (and, with --3b, a
 * Qwen2.5-3B-shaped Q4_0 model generated on demand, ~1.7 GB): load time,
 * time to first token, tokens/s, the app process's event-loop lag while the
 * model generates (compared with the same window idle), the model process's
 * RSS before load / after load / after unload over N cycles, and embeddings
 * per second with a bge-small-shaped BERT. Prints JSON, then a table.
 *
 *   node build/tests/bench/ai/model-runtime.bench.js [--3b] [--cycles N] [--3b-cycles N] [--embeddings N] [--f32] [--no-embeddings]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig } from '../../../src/core/index.js';
import { ensureModel, type FixtureName } from '../../fixtures/gguf/fixtures.js';
import { repoRoot } from '../../support/repo.js';
import { flag, numberOption } from '../bench-options.js';

const generatedDir = path.join(repoRoot, 'tests', 'fixtures', 'generated');
const MB = 1024 * 1024;

function registryFor(chat: string, embedding = '', parallel = 1): ModelRegistry {
  const config = defaultConfig();
  config.ai.parallel_sequences = parallel;
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => Math.round(bytes / MB);
const loadAverage = () => Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** CPU time (user + system) a process has used, in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100 on Linux)
}

/**
 * Load/unload cycles through the registry: the model process exits after
 * the last unload and is started again by the next load. RSS of the model
 * process before load / after load / after unload (0 = not running), the
 * app process's own RSS over the cycles, and the load time each cycle.
 */
async function cyclesThroughRegistry(registry: ModelRegistry, cycles: number) {
  const beforeLoad: number[] = [];
  const afterLoad: number[] = [];
  const afterUnload: number[] = [];
  const loadMs: number[] = [];
  const appRss: number[] = [];
  for (let i = 0; i < cycles; i++) {
    beforeLoad.push((await registry.status()).hostRssBytes);
    const start = performance.now();
    await registry.load('chat');
    loadMs.push(performance.now() - start);
    afterLoad.push((await registry.status()).hostRssBytes);
    await registry.unload('chat');
    const status = await registry.status();
    afterUnload.push(status.hostRssBytes);
    if (status.hostRunning) throw new Error('the model process should have exited after the last unload');
    appRss.push(process.memoryUsage.rss());
  }
  return {
    cycles,
    beforeLoadMaxMB: mb(Math.max(...beforeLoad)),
    afterLoadMinMB: mb(Math.min(...afterLoad)),
    afterLoadMaxMB: mb(Math.max(...afterLoad)),
    afterUnloadMaxMB: mb(Math.max(...afterUnload)),
    driftVsBaselineMB: mb(afterUnload.at(-1)! - beforeLoad[0]!),
    appRssFirstMB: mb(appRss[0]!),
    appRssLastMB: mb(appRss.at(-1)!),
    loadMsMedian: Math.round(median(loadMs)),
    loadMsMax: Math.round(Math.max(...loadMs)),
  };
}

/**
 * The previous design for comparison: one model process that stays up, load
 * and unload inside it (straight host requests, the registry bypassed).
 */
async function cyclesInOneProcess(registry: ModelRegistry, file: string, cycles: number) {
  const host = registry.host;
  const options = { contextSize: 2048, threads: 1, parallelSequences: 1 };
  const rss = async () => (await host.request('status', {})).rssBytes;
  await host.request('load', { path: file, purpose: 'chat', options });
  await host.request('unload', { path: file });
  const baseline = await rss();
  const afterLoad: number[] = [];
  const afterUnload: number[] = [];
  const loadMs: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const start = performance.now();
    await host.request('load', { path: file, purpose: 'chat', options });
    loadMs.push(performance.now() - start);
    // A little generation each cycle, as real use would do between loads.
    await host.request('generate', { path: file, requestJson: JSON.stringify({ history: [{ type: 'user', text: 'hello' }], maxTokens: 8 }) });
    afterLoad.push(await rss());
    await host.request('unload', { path: file });
    afterUnload.push(await rss());
  }
  await host.exitWhenIdle();
  return {
    cycles,
    beforeLoadMB: mb(baseline),
    afterLoadMaxMB: mb(Math.max(...afterLoad)),
    afterUnloadLastMB: mb(afterUnload.at(-1)!),
    driftVsBaselineMB: mb(afterUnload.at(-1)! - baseline),
    loadMsMedian: Math.round(median(loadMs)),
  };
}

async function benchChat(label: string, fixture: FixtureName, cycles: number, maxTokens: number) {
  const generatedAt = performance.now();
  const file = ensureModel(generatedDir, fixture);
  const generateMs = performance.now() - generatedAt;
  const registry = registryFor(file);
  try {
    const loadStart = performance.now();
    await registry.load('chat');
    // Starts the model process and initialises llama.cpp in it (libraries, backend).
    const coldLoadMs = performance.now() - loadStart;

    const chat = registry.backend('chat');
    let firstTokenMs = 0;
    let textCallbacks = 0;
    const started = performance.now();
    const appCpuBefore = process.cpuUsage();
    const generation = await lagDuring(() =>
      chat.generate(
        { messages: [{ role: 'user', content: 'Write a long answer about the budget meeting.' }], maxTokens },
        {
          onText: () => {
            firstTokenMs ||= performance.now() - started;
            textCallbacks++;
          },
        },
      ),
    );
    const appCpu = process.cpuUsage(appCpuBefore);
    const idleP99 = await idleLag(Math.max(200, Math.min(generation.ms, 5000)));
    await registry.unload('chat');

    const inOneProcess = await cyclesInOneProcess(registry, file, cycles);
    const rss = await cyclesThroughRegistry(registry, cycles);
    return {
      label,
      fileMB: mb(fs.statSync(file).size),
      generateFixtureMs: Math.round(generateMs),
      coldLoadMs: Math.round(coldLoadMs),
      loadMs: rss.loadMsMedian,
      loadMsInRunningProcess: inOneProcess.loadMsMedian,
      timeToFirstTokenMs: Math.round(firstTokenMs),
      tokensPerSecond: Number(generation.result.tokensPerSecond.toFixed(1)),
      completionTokens: generation.result.usage.completionTokens,
      // What streaming costs the app process, whatever the load: its CPU time and the chunk messages it handled.
      // (per second of generation too: with a slow model the lag monitor's own 1 ms timer dominates)
      appCpuMsPer100Tokens: Number((((appCpu.user + appCpu.system) / 1000) * (100 / generation.result.usage.completionTokens)).toFixed(1)),
      appCpuMsPerSecond: Number(((appCpu.user + appCpu.system) / generation.ms).toFixed(1)),
      chunkMessages: textCallbacks,
      eventLoopLagP99Ms: Number(generation.p99Ms.toFixed(2)),
      eventLoopLagMaxMs: Number(generation.maxMs.toFixed(2)),
      idleEventLoopLagP99Ms: Number(idleP99.toFixed(2)),
      lagRatioVsIdle: Number((generation.p99Ms / idleP99).toFixed(2)),
      rss,
      rssIfTheProcessStayed: inOneProcess,
      loadAverage: loadAverage(),
    };
  } finally {
    await registry.close();
  }
}

async function benchEmbeddings(fixture: FixtureName, count: number, parallel = 1) {
  const file = ensureModel(generatedDir, fixture);
  const registry = registryFor(file, file, parallel);
  try {
    const backend = registry.backend('embedding');
    const texts = Array.from({ length: count }, (_, i) => `note ${i}: the budget meeting summary for the workspace and the quick brown fox number ${i}`);
    await backend.embed(texts.slice(0, 2)); // load + warm up
    const pid = registry.host.pid!;
    const cpuBefore = cpuMs(pid);
    const start = performance.now();
    const vectors = await backend.embed(texts);
    const ms = performance.now() - start;
    const hostCpuMs = cpuMs(pid) - cpuBefore;
    return {
      label: fixture.replace('.gguf', '') + (parallel > 1 ? ` x${parallel}` : ''),
      texts: count,
      tokensPerText: (await backend.tokenize(texts[0]!)).length,
      dimensions: vectors[0]!.length,
      ms: Math.round(ms),
      embeddingsPerSecond: Number(((count * 1000) / ms).toFixed(1)),
      // CPU time of the model process per text: what a text costs whatever the load; 1000 / it is the rate one free core would give.
      hostCpuMsPerText: Number((hostCpuMs / count).toFixed(1)),
      embeddingsPerCpuSecond: Number(((count * 1000) / hostCpuMs).toFixed(1)),
      loadAverage: loadAverage(),
    };
  } finally {
    await registry.close();
  }
}

const loadAtStart = loadAverage();
const chatResults = [await benchChat('tiny-qwen2', 'tiny-qwen2.gguf', numberOption('--cycles', 20), 512)];
if (flag('--3b')) chatResults.push(await benchChat('qwen2-3b-shaped-q4_0', 'qwen2-3b-shaped-q4_0.gguf', numberOption('--3b-cycles', 20), numberOption('--3b-tokens', 48)));
const embeddingCount = numberOption('--embeddings', 100);
const embeddingResults = flag('--no-embeddings') ? [] : [
  await benchEmbeddings('tiny-bert.gguf', 200),
  await benchEmbeddings('bge-small-shaped-f16.gguf', embeddingCount),
  await benchEmbeddings('bge-small-shaped-q8_0.gguf', embeddingCount),
  ...(flag('--f32') ? [await benchEmbeddings('bge-small-shaped-f32.gguf', embeddingCount)] : []),
  // ai.parallel_sequences = 2: two single-thread contexts embedding side by side.
  await benchEmbeddings('bge-small-shaped-f16.gguf', embeddingCount, 2),
  await benchEmbeddings('bge-small-shaped-q8_0.gguf', embeddingCount, 2),
];

const report = {
  machine: { cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), note: 'shared machine under load from other work' },
  chat: chatResults,
  embeddings: embeddingResults,
};
console.log(JSON.stringify(report, null, 2));
console.log('');
console.log('model                  load ms (in running process; cold)  TTFT ms  tok/s   lag p99 ms (idle)  app CPU ms/100 tok (/s)  chunk msgs');
for (const r of chatResults) {
  console.log(
    `${r.label.padEnd(22)} ${String(r.loadMs).padStart(7)} (${r.loadMsInRunningProcess}; ${r.coldLoadMs})           ${String(r.timeToFirstTokenMs).padStart(7)}  ${String(r.tokensPerSecond).padStart(6)}  ${String(r.eventLoopLagP99Ms).padStart(6)} (${r.idleEventLoopLagP99Ms})      ${String(r.appCpuMsPer100Tokens).padStart(8)} (${r.appCpuMsPerSecond})      ${r.chunkMessages}`,
  );
}
console.log('');
console.log('model process RSS MB over N load/unload cycles: before load / after load / after unload (0 = exited), drift; app RSS first-last');
for (const r of chatResults) {
  const a = r.rss;
  const b = r.rssIfTheProcessStayed;
  console.log(`${r.label.padEnd(22)} exits when unused:  ${a.beforeLoadMaxMB}/${a.afterLoadMinMB}-${a.afterLoadMaxMB}/${a.afterUnloadMaxMB} (N=${a.cycles}) drift ${a.driftVsBaselineMB} MB; app ${a.appRssFirstMB}-${a.appRssLastMB} MB`);
  console.log(`${''.padEnd(22)} stays up (before):  ${b.beforeLoadMB}/${b.afterLoadMaxMB}/${b.afterUnloadLastMB} (N=${b.cycles}) drift ${b.driftVsBaselineMB >= 0 ? '+' : ''}${b.driftVsBaselineMB} MB`);
}
console.log('');
console.log('embedding model             texts  tokens  dims  ms      per second  host CPU ms/text  per CPU second  load avg');
for (const r of embeddingResults) {
  console.log(
    `${r.label.padEnd(27)} ${String(r.texts).padStart(5)}  ${String(r.tokensPerText).padStart(6)}  ${String(r.dimensions).padStart(4)}  ${String(r.ms).padStart(6)}  ${String(r.embeddingsPerSecond).padStart(10)}  ${String(r.hostCpuMsPerText).padStart(16)}  ${String(r.embeddingsPerCpuSecond).padStart(14)}  ${r.loadAverage}`,
  );
}
