// Cold start of the D-Bus service over a seeded 50K workspace, phase by
// phase (a benchmark, not a test): `sovereign --gapplication-service` is
// spawned on a private bus (as D-Bus activation would start it) and asked
// the Shell's first question (GetInitialResultSet) as soon as it owns its
// name; printed: spawn → name owned → first answer, the service's own
// debug log lines in ms after spawn, and its CPU time until the first
// answer with results.
//   node build/tests/bench/gnome/cold-service-breakdown.js --home DIR [--runs 3] [--cpu-prof DIR]
// DIR: a data home seeded with tests/ui/support/seed-workspace.js, whose
// model snapshot and search index are current (a window opened it once).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SOVEREIGN, call, connect, nameHasOwner, waitFor } from '../../support/dbus-client.js';
import { cliEntry } from '../../support/repo.js';
import { startDisplay } from '../../ui/support/display.js';
import { cpuTimeMs } from '../ui/smaps.js';
import { option } from '../bench-options.js';

const seeded = option('--home');
if (!seeded) throw new Error('--home DIR (a seeded data home) is required');
const RUNS = Number(option('--runs') ?? 3);
const cpuProf = option('--cpu-prof');
const PROVIDER = { destination: SOVEREIGN.destination, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };

const display = await startDisplay();
const bus = connect(display.busAddress);
try {
  for (let run = 1; run <= RUNS; run++) {
    const home = path.resolve(seeded);
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : []), cliEntry, '--gapplication-service', '--idle-exit-seconds', '0'], {
      env: { ...display.env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), SOVEREIGN_LOG: 'debug', SOVEREIGN_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitFor('the service to own its name', async () => ((await nameHasOwner(bus, SOVEREIGN.destination)) ? true : undefined), 60_000, 5);
    const ownedAt = Date.now();
    const [ids] = (await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] })) as [string[]];
    const answeredAt = Date.now();
    // An answer given before the search index opened is empty (OpeningDocuments' patience, 3 s): ask again until results come.
    await waitFor('the first results', async () => (((await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] }))[0] as string[]).length > 0 ? true : undefined), 120_000, 20);
    const resultsAt = Date.now();
    const cpuMs = cpuTimeMs(child.pid!);
    process.stdout.write(`\n# run ${run}: name owned after ${ownedAt - spawnedAt} ms, first answer (${ids.length} results) after ${answeredAt - spawnedAt} ms, first results after ${resultsAt - spawnedAt} ms, ${cpuMs} ms CPU by then; load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}\n`);
    for (const line of log.split('\n').filter((l) => l.startsWith('{'))) {
      const { time, scope, msg, level: _level, ...fields } = JSON.parse(line) as { time: string; scope: string; msg: string; level: string };
      void _level;
      process.stdout.write(`${String(Date.parse(time) - spawnedAt).padStart(6)} ms  ${scope}: ${msg} ${JSON.stringify(fields).slice(0, 160)}\n`);
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
} finally {
  bus.disconnect();
  await display.close();
}
process.exit(0);
