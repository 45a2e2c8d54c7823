// The floor under Sovereign's start (a benchmark, not a test): a bare
// libadwaita window, and the same window with CanvasKit and the interface
// fonts loaded, each started N times on a fresh Xvfb display: spawn to first
// paint, CPU time and RSS at that paint.
//   node build/tests/bench/ui/start-floor.js [--runs 3]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../support/repo.js';
import { startDisplay, type TestDisplay } from '../../ui/support/display.js';

const at = process.argv.indexOf('--runs');
const RUNS = at >= 0 ? Number(process.argv[at + 1]) : 3;
const MiB = 2 ** 20;

async function start(display: TestDisplay, args: string[]): Promise<{ ms: number; cpuMs: number; rssMb: number }> {
  const script = path.join(repoRoot, 'build', 'tests', 'bench', 'ui', 'baseline-window.js');
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [script, ...args], { env: display.env, stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(output.trim()) as { firstPaintAt: number; rss: number; cpuMs: number };
  return { ms: result.firstPaintAt - spawnedAt, cpuMs: result.cpuMs, rssMb: result.rss / MiB };
}

const display = await startDisplay({ width: 1400, height: 900 });
try {
  for (const [name, args] of [['bare libadwaita window', []], ['bare window + CanvasKit + fonts', ['--canvaskit']]] as const) {
    for (let run = 1; run <= RUNS; run++) {
      const r = await start(display, [...args]);
      process.stdout.write(`${name.padEnd(34)} run ${run}: first paint ${r.ms} ms, ${r.cpuMs} ms CPU, RSS ${r.rssMb.toFixed(0)} MiB\n`);
    }
  }
} finally {
  await display.close();
}
process.exit(0);
