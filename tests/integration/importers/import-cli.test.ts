import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { cliEntry } from '../../support/repo.js';
import { runCli } from '../../support/run-cli.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

/** XDG dirs kept across several CLI runs (runCli makes a fresh HOME per run otherwise). */
function workspaceEnv(): NodeJS.ProcessEnv {
  const home = tempDir('sovereign-cli-home-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
  };
}

test('sovereign import --json prints progress, one line per file and a summary; a failure sets the exit status', () => {
  const env = workspaceEnv();
  const folder = path.join(tempDir(), 'notes');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'a.md'), '# Alpha\nSee [[b]].\n');
  fs.writeFileSync(path.join(folder, 'b.txt'), 'Beta');
  fs.writeFileSync(path.join(folder, 'c.md'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
  const run = runCli(['import', '--recursive', '--json', '--thread', 'Inbox', folder], { env });
  assert.equal(run.status, 1, run.stderr);
  const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(lines.some((line) => line['event'] === 'progress' && line['done'] === 3 && line['total'] === 3));
  const files = lines.filter((line) => line['event'] === 'file');
  assert.deepEqual(files.map((line) => [path.basename(String(line['path'])), line['status']]), [['a.md', 'created'], ['b.txt', 'created'], ['c.md', 'failed']]);
  assert.match(JSON.stringify(files[2]!['error']), /c\.md: unsupported type \(detected application\/octet-stream\)/);
  assert.deepEqual(lines.at(-1), { event: 'summary', created: 2, updated: 0, unchanged: 0, failed: 1, links: 0, cancelled: false });

  const human = runCli(['import', path.join(folder, 'a.md')], { env });
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /Imported 0, updated 0, already there 1, failed 0/);
  const listed = runCli(['thread', 'ls', '--json'], { env });
  assert.match(listed.stdout, /"name": "Inbox"/);
});

test('doc add -f refuses a device, a FIFO and invalid UTF-8 at once with a clear message; models add of a folder gives no stack', () => {
  const env = workspaceEnv();
  const dir = tempDir();
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const latin1 = path.join(dir, 'latin1.txt');
  fs.writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  const cases: [string[], RegExp][] = [
    [['doc', 'add', 'zero', '-f', '/dev/zero'], /\/dev\/zero is not a regular file \(it is a device\)/],
    [['doc', 'add', 'pipe', '-f', fifo], /pipe is not a regular file \(it is a named pipe\)/],
    [['doc', 'add', 'latin', '-f', latin1], /latin1\.txt is not valid UTF-8 text \(the first invalid byte is at offset 3\)/],
    [['models', 'add', dir], /is not a regular file \(it is a folder\)/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(args, { env });
    assert.notEqual(run.status, 0, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no JavaScript stack');
  }
  assert.doesNotMatch(runCli(['doc', 'ls'], { env }).stdout, /zero|pipe|latin/, 'nothing was stored');
});

test('kill -9 in the middle of a vault import on rocksdb: running it again adds only what is missing, links included', async () => {
  const env = workspaceEnv();
  const vault = path.join(tempDir('sovereign-resume-'), 'vault');
  const notes = 3000;
  fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
  const expectedLinks = new Set<string>();
  for (let i = 0; i < notes; i++) {
    const folder = path.join(vault, `f${i % 10}`);
    fs.mkdirSync(folder, { recursive: true });
    const a = (i + 1) % notes;
    const b = (i * 7 + 3) % notes;
    for (const j of [a, b]) if (j !== i) expectedLinks.add(`note-${i}>note-${j}`);
    fs.writeFileSync(path.join(folder, `note-${i}.md`), `# Note ${i}\nLinks to [[note-${a}]] and [[note-${b}]].\n`);
  }
  const args = [cliEntry, 'import', '--recursive', '--json', vault];
  const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'], LANG: 'C.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let killedAt = 0;
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const match of buffer.matchAll(/"event":"progress","done":(\d+)/g)) {
        if (killedAt === 0 && Number(match[1]) >= 1000) {
          killedAt = Number(match[1]);
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the import ended before it was killed (${_code})`))));
  });
  assert.ok(killedAt >= 1000 && killedAt < notes, `killed at ${killedAt}`);

  const rerun = runCli(['import', '--recursive', '--json', vault], { env });
  assert.equal(rerun.status, 0, rerun.stderr);
  const summary = JSON.parse(rerun.stdout.trim().split('\n').at(-1)!) as { created: number; unchanged: number; failed: number };
  assert.ok(summary.unchanged > 0, 'documents written before the kill are recognised');
  assert.ok(summary.created > 0, 'the rest is added');
  assert.equal(summary.created + summary.unchanged, notes);

  const store = await openStore(defaultConfig(), resolvePaths(env));
  const docs = await store.allDocumentMeta();
  assert.equal(docs.length, notes, 'every note once');
  assert.equal(new Set(docs.map((d) => d.provenance!.sourcePath)).size, notes, 'no note twice');
  const nameOf = new Map(docs.map((d) => [d.id, path.basename(d.provenance!.sourcePath, '.md')]));
  const links = new Set((await store.allRelationships()).map((r) => `${nameOf.get(r.from)}>${nameOf.get(r.to)}`));
  assert.deepEqual([...links].sort(), [...expectedLinks].sort());
  await store.close();
});

test('on a terminal, sovereign import draws a progress bar with the count, the rate and the time left', () => {
  const env = workspaceEnv();
  const folder = path.join(tempDir(), 'bar');
  fs.mkdirSync(folder);
  for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(folder, `n${i}.md`), `# N${i}\n`);
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  // script(1) gives the command a pseudo-terminal, as a person's shell would.
  const output = execFileSync('script', ['-qec', [process.execPath, cliEntry, 'import', '--recursive', folder].map(quote).join(' '), '/dev/null'], {
    env: { PATH: process.env['PATH'], LANG: 'C.UTF-8', TERM: 'xterm', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.match(output, /\r\[#{24}\] 30\/30 \(\d+ files\/s, 0:00 left\)/);
  assert.match(output, /Imported 30, updated 0, already there 0, failed 0/);
});

test('an unreadable file gets its own "not allowed" error and the rest of the batch imports', () => {
  const home = tempDir('sovereign-unreadable-');
  fs.chmodSync(home, 0o777);
  const secret = path.join(home, 'secret.md');
  const open = path.join(home, 'open.md');
  fs.writeFileSync(secret, '# Secret\n', { mode: 0o000 });
  fs.writeFileSync(open, '# Open\n', { mode: 0o644 });
  const xdg = { HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state') };
  const command = [process.execPath, cliEntry, 'import', secret, open];
  // root reads every file: run as an ordinary user (nobody), as people do.
  const [file, args] = process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...command]] : [command[0]!, command.slice(1)];
  let output = '';
  let status = 0;
  try {
    output = execFileSync(file, args, { env: { PATH: process.env['PATH'], LANG: 'C.UTF-8', ...xdg }, encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    status = failed.status;
    output = failed.stdout;
  }
  assert.equal(status, 1);
  assert.match(output, /Imported 1, updated 0, already there 0, failed 1/);
  assert.match(output, new RegExp(`${secret.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: You are not allowed to read`));
});
