// Benchmark (not a test): laying cards out on the timeline (layoutCards), at
// 2,000, 10,000 and 50,000 cards, dates spread over two years in five
// threads (the baseline) and every card on one date in one thread (a vault
// copied from another machine: its files all carry the copy's time). Beside
// each, in the same run, the first fit it replaced, which scanned every lane
// for every card. Prints a table, then one JSON line.
//   node build/tests/bench/canvas/layout-times.js [--runs 5]
import os from 'node:os';
import { CARD_GAP, CARD_WIDTH, layoutCards } from '../../../src/canvas/kernels/layout.js';
import { DAY_MS, TimeScale } from '../../../src/canvas/kernels/time-scale.js';
import type { DocumentMeta, Thread } from '../../../src/store/records.js';
import { numberOption } from '../bench-options.js';

const RUNS = numberOption('--runs', 5);
const t0 = Date.UTC(2026, 0, 1);
const threads: Thread[] = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, name: `Thread ${i}`, description: '', colour: '#3584e4', order: i }));

function documents(count: number, oneDate: boolean): DocumentMeta[] {
  let seed = 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(oneDate ? t0 : t0 + random() * 730 * DAY_MS);
    return { id: `d${i}`, title: `Note ${i}`, docType: 'markdown', threadId: oneDate ? 't0' : `t${i % 5}`, isOwned: true, createdAt: at, modifiedAt: at, position: null, provenance: null, mediaRef: null };
  });
}

/** The first fit layoutCards used before: every card scans the lanes from the first. */
function scanningFirstFit(xs: readonly number[]): number {
  const laneEnds: number[] = [];
  for (const x of xs) {
    let lane = laneEnds.findIndex((end) => end + CARD_GAP <= x);
    if (lane < 0) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = x + CARD_WIDTH;
  }
  return laneEnds.length;
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

function time(run: () => void, runs: number): number {
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const scale = new TimeScale();
const rows: { cards: number; dates: string; layoutMs: number; lanes: number; scanningFirstFitMs: number; ratioToSpread: number }[] = [];
for (const count of [2000, 10_000, 50_000]) {
  let spreadMs = 0;
  for (const oneDate of [false, true]) {
    const docs = documents(count, oneDate);
    const layoutMs = time(() => layoutCards(docs, threads, scale, t0), RUNS);
    const layout = layoutCards(docs, threads, scale, t0);
    // The old lane scan alone, over the same bands' x in order (one run: at 50,000 on one date it takes minutes, so it is skipped there).
    const bandsX = layout.bands.map((band) => docs.flatMap((_, i) => (layout.cards.band[i] === band.index ? [layout.cards.x[i]!] : [])).sort((a, b) => a - b));
    const scanningFirstFitMs = oneDate && count > 10_000 ? NaN : time(() => bandsX.forEach(scanningFirstFit), oneDate ? 1 : RUNS);
    if (!oneDate) spreadMs = layoutMs;
    rows.push({ cards: count, dates: oneDate ? 'one date' : 'two years', layoutMs: Number(layoutMs.toFixed(2)), lanes: Math.max(...layout.bands.map((b) => b.lanes)), scanningFirstFitMs: Number(scanningFirstFitMs.toFixed(2)), ratioToSpread: Number((layoutMs / spreadMs).toFixed(2)) });
  }
}
const load = os.loadavg().map((l) => Number(l.toFixed(2)));
process.stdout.write('cards    dates       layoutCards ms   ratio to two years   most lanes   the lane scan it replaced, ms (lanes only)\n');
for (const r of rows) {
  process.stdout.write(`${String(r.cards).padStart(6)}   ${r.dates.padEnd(10)}  ${r.layoutMs.toFixed(2).padStart(14)}   ${r.ratioToSpread.toFixed(2).padStart(18)}   ${String(r.lanes).padStart(10)}   ${Number.isNaN(r.scanningFirstFitMs) ? 'not run (minutes)' : r.scanningFirstFitMs.toFixed(2)}\n`);
}
process.stdout.write(`load ${load.join(' ')}\n`);
process.stdout.write(`${JSON.stringify({ runs: RUNS, rows, load })}\n`);
