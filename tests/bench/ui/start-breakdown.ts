// Start-up breakdown (a benchmark, not a test): where the time from spawn to
// the first canvas frame goes, and where the memory at that frame lives.
// Time: the app's own debug log lines (SOVEREIGN_LOG=debug; every phase of
// the start logs one), as milliseconds after spawn. Memory: /proc/PID/smaps
// grouped by mapping (libraries by name, the WebAssembly memories, V8's
// heap, malloc's arenas), plus the RSS of every child process.
//   node build/tests/bench/ui/start-breakdown.js --home DIR [--runs 3] [--cpu-prof DIR] [--heap-snapshot DIR] [--no-probe]
// --node-arg ARG (repeatable): a V8 or Node option for the app's process
// (e.g. --max-semi-space-size=4), to measure what it changes.
// --env NAME=VALUE (repeatable): a variable for the app's environment
// (e.g. MALLOC_ARENA_MAX=2).
// --heap-snapshot DIR: node writes a V8 heap snapshot into DIR at the first
// frame (SIGUSR2 with --heapsnapshot-signal; open it in Chrome's DevTools).
// --no-probe: without the UI test probe, which snapshots the window every
// 250 ms (at 50K cards that costs the loop more than the start-up work it
// measures); the first frame is then the app's own 'first frame shown' line.
// DIR is a data home seeded once with tests/ui/support/seed-workspace.js
// (`node build/tests/ui/support/seed-workspace.js DIR big 50000`), opened in
// place: the model snapshot and the search index name the database's path,
// so a copy elsewhere would be rebuilt rather than opened.
import fs from 'node:fs';
import path from 'node:path';
import { startDisplay, waitFor } from '../../ui/support/display.js';
import { SovereignApp } from '../../ui/support/sovereign-app.js';
import { childRss, cpuTimeMs, groupSmaps } from './smaps.js';
import { flag, option, repeatedOption } from '../bench-options.js';

const seeded = option('--home');
if (!seeded) throw new Error('--home DIR (a seeded data home) is required');
const RUNS = Number(option('--runs') ?? 1);
const cpuProf = option('--cpu-prof');
const heapSnapshotDir = option('--heap-snapshot');
const extraEnv = Object.fromEntries(repeatedOption('--env').flatMap((pair) => (pair.includes('=') ? [pair.split(/=(.*)/s).slice(0, 2)] : [])));
const nodeArgs = repeatedOption('--node-arg');
const withProbe = !flag('--no-probe');
const FIRST_FRAME_LINE = 'start: first frame shown';
const MiB = 2 ** 20;

/** utime + stime of a process, all its threads, in ms. */
interface LogLine {
  time: string;
  scope: string;
  msg: string;
  [field: string]: unknown;
}

/**
 * The resident part of glibc's per-thread malloc arenas. An arena is a
 * 64 MiB-aligned reservation whose used part is read-write and the rest
 * PROT_NONE, so smaps shows it as two anonymous mappings, and the used part
 * (not 64 MiB long) falls in groupSmaps' "V8 heap, stacks, large malloc
 * blocks": this counts the anonymous read-write mappings that start on a
 * 64 MiB boundary and are no longer than one.
 */
function threadArenasKb(smaps: string): number {
  let kb = 0;
  let isArena = false;
  for (const line of smaps.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const start = BigInt(`0x${head[1]}`);
      const size = BigInt(`0x${head[2]}`) - start;
      isArena = head[4] === '' && head[3]!.startsWith('rw') && start % 0x4000000n === 0n && size <= 0x4000000n;
    } else if (isArena && line.startsWith('Rss:')) kb += Number(/(\d+)/.exec(line)![1]);
  }
  return kb;
}

/** Asks the app for a heap snapshot and waits until the file stops growing (writing one of ~200 MiB takes seconds). */
async function writeHeapSnapshot(pid: number, dir: string): Promise<void> {
  const written = () => fs.readdirSync(dir).filter((name) => name.endsWith('.heapsnapshot') && name.includes(`.${pid}.`));
  process.kill(pid, 'SIGUSR2');
  const file = path.join(dir, await waitFor('the heap snapshot file', () => written()[0], 120_000));
  let size = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const now = fs.statSync(file).size;
    if (now === size && now > 0) break;
    size = now;
  }
  process.stdout.write(`heap snapshot: ${file}\n`);
}

const display = await startDisplay({ width: 1400, height: 900 });
try {
  for (let run = 1; run <= RUNS; run++) {
    const home = path.resolve(seeded);
    const spawnedAt = Date.now();
    const app = new SovereignApp(display, `breakdown-${run}`, {
      env: { SOVEREIGN_LOG: 'debug', SOVEREIGN_LOG_FORMAT: 'json', XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), ...(withProbe ? {} : { SOVEREIGN_UI_PROBE: undefined }), ...extraEnv },
      nodeArgs: [
        ...nodeArgs,
        ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []),
        ...(heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${path.resolve(heapSnapshotDir)}`] : []),
      ],
    });
    const firstLine = () => app.output.join('').split('\n').find((line) => line.includes(FIRST_FRAME_LINE));
    const window = withProbe ? await app.until('the first canvas frame', (w) => w.firstCanvasFrameAt !== null, 180_000) : undefined;
    // With the probe, its first frame (main's build, which logs no such line, can be measured too).
    const firstFrameAt = window ? window.firstCanvasFrameAt! : Date.parse((JSON.parse(await waitFor(`the '${FIRST_FRAME_LINE}' log line`, firstLine, 180_000)) as LogLine).time);
    const pid = app.child.pid!;
    // CPU time (all threads) from spawn to the first frame: on a shared, loaded machine far steadier than the wall clock.
    const cpuMs = cpuTimeMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssOf = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const smaps = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8');
    const groups = groupSmaps(smaps);
    const arenasKb = threadArenasKb(smaps);
    const children = childRss(pid);
    const threads = fs.readdirSync(`/proc/${pid}/task`).length;
    const rss = rssOf();
    if (heapSnapshotDir) await writeHeapSnapshot(pid, heapSnapshotDir);
    // Settled: the search index opened after the first frame (or two minutes passed without it).
    const searched = (text: string) => text.includes('search index opened');
    const searchReady = await waitFor('search ready', () => (searched(app.output.join('')) ? true : undefined), 120_000).then(() => true, () => false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rssSettled = rssOf();
    const groupsSettled = groupSmaps(fs.readFileSync(`/proc/${pid}/smaps`, 'utf8'));
    const childrenSettled = childRss(pid);
    const threadsSettled = fs.readdirSync(`/proc/${pid}/task`).length;
    await app.stop();
    const lines = app.output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    process.stdout.write(`\n# run ${run}: first canvas frame after ${firstFrameAt - spawnedAt} ms, ${cpuMs} ms CPU${window ? ` (first paint ${window.firstPaintAt! - spawnedAt} ms)` : ''}${withProbe ? '' : ', without the probe'}${nodeArgs.length ? `, node ${nodeArgs.join(' ')}` : ''}${Object.keys(extraEnv).length ? `, env ${JSON.stringify(extraEnv)}` : ''}, load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}\n`);
    // A message repeated (one per card) is shown once, with its count and its last time.
    const repeats = new Map<string, { first: LogLine; last: LogLine; count: number }>();
    for (const line of lines) {
      const seen = repeats.get(line.msg);
      if (seen) {
        seen.last = line;
        seen.count++;
      } else repeats.set(line.msg, { first: line, last: line, count: 1 });
    }
    for (const { first, last, count } of repeats.values()) {
      const { time, scope, msg, level: _level, ...fields } = first;
      void _level;
      const times = count > 1 ? `${String(Date.parse(time) - spawnedAt).padStart(6)}-${Date.parse(last.time) - spawnedAt} ms` : `${String(Date.parse(time) - spawnedAt).padStart(6)} ms`;
      process.stdout.write(`${times}  ${scope}: ${msg}${count > 1 ? ` (×${count})` : ''} ${JSON.stringify(fields).slice(0, 200)}\n`);
    }
    process.stdout.write(`\nRSS at first frame ${(rss / MiB).toFixed(0)} MiB, ${threads} threads; ${searchReady ? 'after search opened' : 'two minutes later, search NOT ready'} ${(rssSettled / MiB).toFixed(0)} MiB, ${threadsSettled} threads\n`);
    process.stdout.write(`of which malloc's per-thread arenas (in use) at the first frame ${(arenasKb / 1024).toFixed(1)} MiB\n`);
    process.stdout.write(`${'mapping'.padEnd(48)} ${'first frame'.padStart(12)} ${'settled'.padStart(10)}\n`);
    const names = [...new Set([...groups.keys(), ...groupsSettled.keys()])].sort((a, b) => (groupsSettled.get(b) ?? 0) - (groupsSettled.get(a) ?? 0));
    for (const name of names) {
      const at = (groups.get(name) ?? 0) / 1024;
      const later = (groupsSettled.get(name) ?? 0) / 1024;
      if (Math.max(at, later) < 2) continue;
      process.stdout.write(`${name.slice(-48).padEnd(48)} ${at.toFixed(1).padStart(8)} MiB ${later.toFixed(1).padStart(6)} MiB\n`);
    }
    for (const [command, kb] of childrenSettled) process.stdout.write(`child ${command.slice(0, 60)}: ${(kb / 1024).toFixed(0)} MiB${children.has(command) ? ' (already at first frame)' : ''}\n`);
  }
} finally {
  await display.close();
}
process.exit(0);
