import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { FuzzRandom } from '../../support/fuzz-random.js';
import { HOSTILE_CONFIG_SOURCES, hostileConfigSource } from '../../support/hostile-config.js';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

// The real `sovereign` with a hostile ~/.config/sovereign/config.toml: odd
// files where the config belongs, and seeded hostile contents. Each run must
// report the problem and go on with defaults, never hang or crash.
const SEED = 0xc0f17;
/** Few: each is a process (the unit config fuzz runs 1,500 contents through the same loader in one). */
const RANDOM_SOURCES = 6;
const PARALLEL = 3;
const run = promisify(execFile);

type Setup = (file: string) => unknown;

const SPECIAL_FILES: [string, Setup][] = [
  ['a FIFO nobody writes to', (file) => execFileSync('mkfifo', [file])],
  ['a link to /dev/zero', (file) => fs.symlinkSync('/dev/zero', file)],
  ['a directory', (file) => fs.mkdirSync(file)],
  ['a 2 MiB file', (file) => fs.writeFileSync(file, `# ${'x'.repeat(2 * 1024 * 1024)}\n`)],
  ['invalid UTF-8', (file) => fs.writeFileSync(file, Buffer.from([0x5b, 0x6c, 0x6f, 0x67, 0x5d, 0x0a, 0xff, 0xfe, 0x3d, 0xc3, 0x28]))],
];

interface Case {
  name: string;
  setup: Setup;
}

async function sovereignWithConfig(home: string, testCase: Case): Promise<{ status: number | null; stdout: string; stderr: string; configFile: string }> {
  const configHome = path.join(home, 'config');
  const configFile = path.join(configHome, 'sovereign', 'config.toml');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  testCase.setup(configFile);
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: home, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: path.join(home, 'data'), SOVEREIGN_DB_URL: 'mem://' };
  try {
    const { stdout, stderr } = await run(process.execPath, [cliEntry, 'doc', 'ls', '--json'], { env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, stdout, stderr, configFile };
  } catch (error) {
    const failed = error as { code?: number; signal?: string; stdout?: string; stderr?: string };
    return { status: failed.signal ? null : (failed.code ?? null), stdout: failed.stdout ?? '', stderr: `${failed.signal ? `killed by ${failed.signal}\n` : ''}${failed.stderr ?? ''}`, configFile };
  }
}

test(`odd files and ${RANDOM_SOURCES} hostile contents (seed ${SEED}) as config.toml: reported, then defaults`, async () => {
  const random = new FuzzRandom(SEED);
  const cases: Case[] = SPECIAL_FILES.map(([name, setup]) => ({ name, setup }));
  for (let i = 0; i < RANDOM_SOURCES; i++) {
    const source = i % 2 === 0 ? random.pick(HOSTILE_CONFIG_SOURCES) : hostileConfigSource(random);
    cases.push({ name: `contents ${JSON.stringify(source.slice(0, 80))}`, setup: (file) => fs.writeFileSync(file, source) });
  }
  const outcomes = new Array<Awaited<ReturnType<typeof sovereignWithConfig>>>(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < cases.length) {
        const index = next++;
        outcomes[index] = await sovereignWithConfig(tempDir('sovereign-config-fuzz-'), cases[index]!);
      }
    }),
  );

  const problems: string[] = [];
  outcomes.forEach((outcome, index) => {
    const where = `#${index} ${cases[index]!.name}`;
    if (outcome.status !== 0) {
      problems.push(`${where}: exit status ${outcome.status}: ${outcome.stderr.slice(0, 300)}`);
      return;
    }
    try {
      assert.deepEqual((JSON.parse(outcome.stdout) as { items: unknown[] }).items, []);
    } catch {
      problems.push(`${where}: the command's output is not the document list: ${outcome.stdout.slice(0, 200)}`);
    }
    // Warnings, or JSON log lines when the file turned the log level up: nothing else.
    for (const line of outcome.stderr.split('\n').filter(Boolean)) {
      if (!line.startsWith('sovereign: warning: ') && !line.startsWith('{"time"') && !/^\S/.test(line)) problems.push(`${where}: unexpected stderr line: ${line.slice(0, 200)}`);
    }
    if (/^\s+at |\[object Object\]|[\u001b\u0007\u009b]/m.test(outcome.stderr)) problems.push(`${where}: unclear or raw stderr: ${outcome.stderr.slice(0, 300)}`);
    if (index < SPECIAL_FILES.length && !outcome.stderr.includes(`warning: ${outcome.configFile}`)) problems.push(`${where}: the warning does not name the file: ${outcome.stderr.slice(0, 300)}`);
  });
  assert.deepEqual(problems, []);
});
