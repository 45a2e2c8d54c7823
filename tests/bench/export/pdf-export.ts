// Benchmark: PDF export of one document and of a 20-document thread of about
// 100 pages, through the export service (store read, markdown → typst,
// typesetting in the worker, writing the file), each beside a baseline: an
// empty typst document compiled by the same warm worker in the same run.
// Targets (issue 11): one document ≤ 150 ms, the thread ≤ 1.5 s.
//   node build/tests/bench/export/pdf-export.js [runs]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExportService } from '../../../src/exporters/export-service.js';
import { TypstCompiler } from '../../../src/skills/core/pdf-export/typst-compiler.js';
import { openMemoryStore } from '../../../src/store/index.js';
import { tool } from '../../support/tools.js';

const runs = Number(process.argv[2] ?? 7);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-export-bench-'));
const store = await openMemoryStore();
const thread = await store.createThread({ name: 'Benchmark thread' });
const words = 'the tide came in over the flats and the birds rose from the water in one long line'.split(' ');
const paragraph = (seed: number) => Array.from({ length: 60 }, (_, i) => words[(seed * 7 + i * 3) % words.length]).join(' ') + '.';
const ids: string[] = [];
for (let d = 0; d < 20; d++) {
  const parts = [`## Part one of note ${d + 1}`, '- [x] counted\n- [ ] checked\n- a **bold** claim', '| a | b |\n|---|---|\n| 1 | 2 |', '```ts\nconst x = 1;\n```'];
  for (let p = 0; p < 46; p++) parts.push(paragraph(d * 100 + p));
  const doc = await store.createDocument({ title: `Note ${d + 1}`, docType: 'markdown', content: parts.join('\n\n'), threadId: thread.id, createdAt: new Date(Date.UTC(2026, 0, 1 + d)) });
  ids.push(doc.id);
}
const service = new ExportService(store, dir);
const baselineCompiler = new TypstCompiler();

const contents = new Map(await Promise.all(ids.map(async (id) => [id, (await store.getDocument(id)).content] as const)));
let generation = 0;
/**
 * typst memoises layout across compiles: an unchanged paragraph costs
 * nothing the second time. Every timed run gets new text in every
 * paragraph (changed outside the timing), so each measures a full typeset.
 */
async function changeEveryParagraph(): Promise<void> {
  generation++;
  for (const [id, content] of contents) await store.updateDocument(id, { content: content.replace(/\n\n/g, `\n\nv${generation} `) });
}

async function median(run: () => Promise<unknown>, fresh: () => Promise<void> = changeEveryParagraph): Promise<number> {
  await run(); // warm: the worker starts and parses its fonts once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await fresh();
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

let empty = 0;
const baselineMs = await median(
  () => baselineCompiler.compile(`#"${empty}";`),
  () => Promise.resolve(void empty++),
);
const oneOut = path.join(dir, 'one.pdf');
const oneMs = await median(() => service.export({ format: 'pdf', selection: { kind: 'document', documentId: ids[0]! }, out: oneOut }));
const threadOut = path.join(dir, 'thread.pdf');
/** Where the thread's time goes: milliseconds from the start of the export to the start of each stage (last run). */
const stageStarts: Record<string, number> = {};
let started = 0;
const threadMs = await median(() => {
  started = performance.now();
  return service.export({
    format: 'pdf',
    selection: { kind: 'thread', threadId: thread.id },
    out: threadOut,
    onProgress: (p) => {
      if (p.done === 0 || p.stage === 'converting') stageStarts[p.stage] ??= 0;
      if (p.done === 0 || (p.stage === 'converting' && p.done === 1)) stageStarts[p.stage] = Math.round(performance.now() - started);
    },
  });
});
const pages = (file: string) => Number(/^Pages:\s+(\d+)$/m.exec(tool('pdfinfo', [file]))![1]);
const t = performance.now();
await new ExportService(store, dir).export({ format: 'pdf', selection: { kind: 'document', documentId: ids[0]! }, out: path.join(dir, 'cold.pdf') }).then(() => undefined);
const coldOneMs = performance.now() - t;

const rows = [
  { case: 'near-empty typst document (baseline)', pages: 1, medianMs: Math.round(baselineMs), targetMs: null },
  { case: 'one document', pages: pages(oneOut), medianMs: Math.round(oneMs), targetMs: 150 },
  { case: '20-document thread', pages: pages(threadOut), medianMs: Math.round(threadMs), targetMs: 1500 },
  { case: 'one document, cold worker (fonts parsed)', pages: pages(oneOut), medianMs: Math.round(coldOneMs), targetMs: null },
];
console.table(rows);
console.log('thread stages start at (ms):', stageStarts);
console.log(JSON.stringify({ runs, cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10), rows, threadStageStartsMs: stageStarts }));
await service.close();
await baselineCompiler.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
