import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { cliEntry } from '../../support/repo.js';

const { home, env, sovereign } = cliHome();

/** Runs `sovereign ARGS | cat > OUT` in bash with pipefail and returns what reached OUT. */
function throughCat(args: readonly string[]): { status: number | null; bytes: Buffer; stderr: string } {
  const out = path.join(home, 'out.bin');
  const run = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$@" | cat > "$OUT"', process.execPath, cliEntry, ...args], {
    env: { ...env, OUT: out },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, bytes: fs.readFileSync(out), stderr: run.stderr };
}

test('doc show piped through cat delivers a 5 MB document byte for byte', () => {
  // Multi-byte characters, tabs and an escape sequence: content on a pipe is passed on as stored.
  const line = 'Budget\tline ü € 😀 \u001b[1mbold\u001b[0m and more words to fill the row\n';
  const content = line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)));
  const file = path.join(home, 'big.md');
  fs.writeFileSync(file, content);
  const added = sovereign(['doc', 'add', 'Big report', '-f', file]);
  assert.equal(added.status, 0, added.stderr);
  const id = added.stdout.trim();

  const shown = throughCat(['doc', 'show', id]);
  assert.equal(shown.status, 0, shown.stderr);
  const expected = Buffer.from(`# Big report\n\n${content}`);
  assert.ok(expected.length > 5 * 1024 * 1024);
  assert.equal(shown.bytes.length, expected.length);
  assert.ok(shown.bytes.equals(expected), 'the piped bytes differ from the document');
});

test('doc show --json piped through cat is complete, parseable JSON', () => {
  const content = 'x'.repeat(1024 * 1024) + '\n';
  const file = path.join(home, 'wide.md');
  fs.writeFileSync(file, content);
  const added = sovereign(['doc', 'add', 'Wide', '-f', file]);
  assert.equal(added.status, 0, added.stderr);
  const shown = throughCat(['doc', 'show', added.stdout.trim(), '--json']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal((JSON.parse(shown.bytes.toString('utf8')) as { content: string }).content, content);
});

test('a reader that stops early ends the command quietly, without a stack trace', () => {
  const ids = sovereign(['doc', 'ls', '--json']);
  const first = (JSON.parse(ids.stdout) as { items: { id: string }[] }).items[0]!.id;
  const run = spawnSync('bash', ['-c', '"$0" "$@" | head -c 10 > /dev/null', process.execPath, cliEntry, 'doc', 'show', first], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0);
  assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at /);
});

test('a command on a mem:// store exits, and warns that nothing is kept', () => {
  const added = sovereign(['doc', 'add', 'Scratch', '-c', 'gone soon'], { SOVEREIGN_DB_URL: 'mem://' });
  assert.equal(added.signal, null, 'the command was killed after hanging');
  assert.equal(added.status, 0, added.stderr);
  assert.match(added.stdout, /^\S+\n$/);
  assert.match(added.stderr, /warning: the database mem:\/\/ lives in memory; nothing this command writes is kept/);
  const listed = sovereign(['doc', 'ls', '--json'], { SOVEREIGN_DB_URL: 'mem://' });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { items: unknown[] }).items, []);
});
