import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

const home = tempDir();
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
  SOVEREIGN_DB_URL: '',
};

function sovereign(args: string[]) {
  // The limit only stops a hung command: at load 18 a resumed build ran past 60 s.
  const run = spawnSync(process.execPath, [cliEntry, ...args], { env, encoding: 'utf8', timeout: 180_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('index build embeds the workspace, and search answers several queries, one JSON line each', () => {
  const bike = JSON.parse(sovereign(['doc', 'add', 'Bicycle repair', '--content', 'To fix a flat tyre, remove the wheel and patch the inner tube.', '--json']).stdout) as { id: string };
  const fern = JSON.parse(sovereign(['doc', 'add', 'Houseplants', '--content', 'Water the fern twice a week, away from direct sunlight.', '--json']).stdout) as { id: string };

  const before = sovereign(['index', 'status', '--json']);
  assert.equal(before.status, 0, before.stderr);
  assert.equal((JSON.parse(before.stdout) as { pending: number }).pending, 2);

  const build = sovereign(['index', 'build']);
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stdout, /Indexed 2 documents/);

  const search = sovereign(['search', '--json', 'my bike has a puncture', 'caring for indoor greenery']);
  assert.equal(search.status, 0, search.stderr);
  const lines = search.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; results: { id: string; title: string; score: number; snippet: string }[] });
  assert.deepEqual(
    lines.map((l) => [l.query, l.results[0]!.id]),
    [
      ['my bike has a puncture', bike.id],
      ['caring for indoor greenery', fern.id],
    ],
  );
  assert.match(lines[1]!.results[0]!.snippet, /fern/);
  assert.deepEqual(Object.keys(lines[0]!.results[0]!).sort(), ['id', 'score', 'snippet', 'title']);

  // By words alone, the greenery question matches nothing: no note uses those words.
  const words = sovereign(['search', '--bm25', 'caring for indoor greenery']);
  assert.equal(words.status, 0, words.stderr);
  assert.match(words.stdout, /Nothing found/);

  assert.equal(sovereign(['search', '--bm25', '--semantic', 'x']).status, 2);
  assert.equal(sovereign(['index', 'clear']).status, 0);
  assert.equal((JSON.parse(sovereign(['index', 'status', '--json']).stdout) as { passages: number }).passages, 0);
});

test('Ctrl+C during index build stops it, and the next build resumes with the index intact', async () => {
  // Long enough (about 20 passages each) that the build is usually still embedding when interrupted.
  const content = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} about topic ${i * 7}: ${'and its many details '.repeat(20)}`).join('\n\n');
  for (let i = 0; i < 6; i++) sovereign(['doc', 'add', `Long note ${i}`, '--content', `${content}\n\nUnique ${i}`]);
  // At debug level the store logs "opened" from inside the build, after its Ctrl+C handler is in
  // place: a fixed delay could interrupt a slow start before that, and the build would just die.
  const child = spawn(process.execPath, [cliEntry, 'index', 'build'], { env: { ...env, SOVEREIGN_LOG: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const storeOpened = new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/"msg":"opened"/.test(stderr)) resolve();
    });
  });
  await storeOpened;
  // Then give the encoder a moment to load, so the build is usually embedding when interrupted.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const status = JSON.parse(sovereign(['index', 'status', '--json']).stdout) as { documents: number; pending: number; passages: number };
  if (code !== 0) assert.match(stderr, /Indexing stopped/);
  assert.equal(status.documents + status.pending, 8, 'every document is either indexed or still queued');
  const resume = sovereign(['index', 'build', '--json']);
  assert.equal(resume.status, 0, resume.stderr);
  const after = JSON.parse(resume.stdout) as { documents: number; pending: number };
  assert.deepEqual([after.documents, after.pending], [8, 0]);
});
