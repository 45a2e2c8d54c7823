// Benchmark: the Shell search provider over a 50K-document workspace, from a
// separate client process, and cold D-Bus activation to the first answer.
// Prints a table and one JSON line. Run after build-aux/build:
//   node build/tests/bench/gnome/search-provider.js [documents=50000]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type dbus from 'dbus-next';
import { SOVEREIGN, call, connect, nameHasOwner, ownerPid, waitFor } from '../../support/dbus-client.js';
import { startPrivateSession } from '../../support/private-session.js';
import { repoRoot } from '../../support/repo.js';

const run = promisify(execFile);
const documents = Number(process.argv[2] ?? '50000');
const PROVIDER = { destination: 'org.sovereign.Sovereign', path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const WORDS = 'budget rent groceries lisbon hotel marathon kernel compiler sourdough coffee espresso climate ocean forest pension mortgage invoice travel museum library poetry physics'.split(' ');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(samples: number[]): { median: number; p99: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function queries(): string[][] {
  const list: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const a = WORDS[i % WORDS.length]!;
    const b = WORDS[(i * 7 + 3) % WORDS.length]!;
    if (i % 3 === 0) list.push(['sov:', a]);
    else if (i % 3 === 1) list.push([`sov:${a}`, b]);
    else list.push(['sov:', a.slice(0, 4)]); // the word being typed
  }
  return list;
}

async function killService(bus: dbus.MessageBus): Promise<void> {
  const pid = await ownerPid(bus, 'org.sovereign.Sovereign');
  process.kill(pid, 'SIGTERM');
  await waitFor('the service to exit', async () => ((await nameHasOwner(bus, 'org.sovereign.Sovereign')) ? undefined : true), 30_000, 50);
  // Cold means no Sovereign process at all: wait until it has closed its store and gone.
  await waitFor('the service process to end', async () => (fs.existsSync(`/proc/${pid}`) ? undefined : true), 30_000, 50);
}

async function coldActivations(bus: dbus.MessageBus, rounds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    samples.push(await timed(() => call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] })));
    await killService(bus);
  }
  return samples;
}

const session = await startPrivateSession({ configToml: '[service]\nidle_exit_seconds = 0\n', systemData: false });
const bus = connect(session.busAddress);
try {
  // Baseline in the same run: activation over an empty store.
  const emptyCold = await coldActivations(bus, 3);

  process.stderr.write('cold activations (empty store) done; seeding\n');
  const seedStart = Date.now();
  await run(process.execPath, [path.join(repoRoot, 'build', 'tests', 'bench', 'gnome', 'seed-workspace.js'), String(documents)], {
    env: session.env,
    maxBuffer: 1 << 24,
  });
  const seedSeconds = (Date.now() - seedStart) / 1000;
  process.stderr.write(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);
  // First start over the seeded store builds and saves the model and the
  // search index; later starts load them. The service owns its name before
  // it builds them and answers with nothing meanwhile: the first answer
  // comes at once, the first results when the build is done.
  const search = () => call(bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'Search', signature: 'su', body: ['budget', 5] });
  const firstStartBegun = process.hrtime.bigint();
  const firstAnswer = await timed(search);
  await waitFor('the first start to find documents', async () => (((await search())[0] as unknown[]).length > 0 ? true : undefined), 600_000, 250);
  const firstStart = Number(process.hrtime.bigint() - firstStartBegun) / 1e6;
  await killService(bus);
  const fullCold = await coldActivations(bus, 3);

  // Warm service: GetInitialResultSet latency, plus a bus round trip (Ping) as the baseline.
  await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'warm']] });
  const ping: number[] = [];
  for (let i = 0; i < 300; i++) {
    ping.push(await timed(() => call(bus, { ...SOVEREIGN, interface: 'org.freedesktop.DBus.Peer', member: 'Ping' })));
  }
  const initial: number[] = [];
  const unprefixed: number[] = [];
  let resultCount = 0;
  for (const terms of queries()) {
    initial.push(
      await timed(async () => {
        const [ids] = await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [terms] });
        resultCount += (ids as string[]).length;
      }),
    );
    unprefixed.push(await timed(() => call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [[terms[terms.length - 1]!]] })));
  }
  const metas: number[] = [];
  const [someIds] = (await call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [['sov:', 'budget']] })) as [string[]];
  for (let i = 0; i < 100; i++) {
    metas.push(await timed(() => call(bus, { ...PROVIDER, member: 'GetResultMetas', signature: 'as', body: [someIds.slice(0, 5)] })));
  }

  const report = {
    documents,
    seedSeconds,
    pingMs: summary(ping),
    initialResultSetMs: summary(initial),
    unprefixedMs: summary(unprefixed),
    resultMetasMs: summary(metas),
    averageResults: resultCount / initial.length,
    coldActivationEmptyMs: summary(emptyCold),
    firstStartAnswerMs: firstAnswer,
    firstStartBuildingIndexMs: firstStart,
    coldActivationMs: summary(fullCold),
    goals: { initialP99Ms: 20, coldActivationMs: 500 },
    ratios: {
      initialMedianOverPing: summary(initial).median / summary(ping).median,
      coldOverEmptyCold: summary(fullCold).median / summary(emptyCold).median,
    },
  };
  const row = (name: string, s: { median: number; p99: number; n: number }) =>
    `${name.padEnd(40)} ${s.median.toFixed(2).padStart(9)} ${s.p99.toFixed(2).padStart(9)} ${String(s.n).padStart(5)}`;
  process.stdout.write(
    [
      `Sovereign search provider, ${documents} documents (machine shared and loaded: absolute numbers are noisy)`,
      `${'measure'.padEnd(40)} ${'median ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'n'.padStart(5)}`,
      row('D-Bus Ping round trip (baseline)', report.pingMs),
      row('GetInitialResultSet "sov: …"', report.initialResultSetMs),
      row('GetInitialResultSet without prefix', report.unprefixedMs),
      row('GetResultMetas (5 ids)', report.resultMetasMs),
      row('cold activation → first answer (empty)', report.coldActivationEmptyMs),
      row(`cold activation → first answer (${documents})`, report.coldActivationMs),
      `first start: first answer ${firstAnswer.toFixed(0)} ms, first results (model and index built) ${firstStart.toFixed(0)} ms; seeding: ${seedSeconds.toFixed(1)} s`,
      JSON.stringify(report),
      '',
    ].join('\n'),
  );
} finally {
  bus.disconnect();
  await session.stop();
}
