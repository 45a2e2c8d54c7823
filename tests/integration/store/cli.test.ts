import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';

const home = tempDir();
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), SOVEREIGN_DB_URL: '' };

function sovereign(args: string[], extraEnv: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [cliEntry, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json: () => JSON.parse(run.stdout) as Record<string, unknown> };
}

test('the CLI drives documents, threads, links, history and the log, and exits after each command', () => {
  const thread = sovereign(['thread', 'add', 'Budget 2026', '--json']);
  assert.equal(thread.status, 0, thread.stderr);
  assert.equal(sovereign(['thread', 'add', 'budget 2026']).status, 1);
  assert.match(sovereign(['thread', 'add', 'budget 2026']).stderr, /already exists/);

  const a = sovereign(['doc', 'add', 'March spending', '--thread', 'Budget 2026', '--content', 'Rent 1150\n', '--json']).json();
  const b = sovereign(['doc', 'add', 'April spending', '--content', 'Rent 1150\nFood 400', '--json']).json();
  const ls = sovereign(['doc', 'ls', '--thread', 'budget 2026', '--json']).json() as { items: { id: string }[] };
  assert.deepEqual(ls.items.map((d) => d.id), [a['id']]);
  assert.equal(sovereign(['doc', 'show', String(a['id']), '--json']).json()['content'], 'Rent 1150\n');

  // $EDITOR edits the content; saving commits a version.
  const editor = path.join(home, 'editor.sh');
  fs.writeFileSync(editor, '#!/bin/sh\necho "Food 380" >> "$1"\n', { mode: 0o755 });
  const edit = sovereign(['doc', 'edit', String(a['id']), '-m', 'add food', '--json'], { EDITOR: editor });
  assert.equal(edit.status, 0, edit.stderr);
  assert.equal(edit.json()['changed'], true);
  const history = sovereign(['history', String(a['id']), '--json']).json() as unknown as { id: string; message: string }[];
  assert.deepEqual(history.map((c) => c.message), ['add food', 'Created']);
  const diff = sovereign(['diff', history[1]!.id, history[0]!.id]);
  assert.match(diff.stdout, /\+Food 380/);
  assert.equal(sovereign(['restore', String(a['id']), history[1]!.id]).status, 0);
  assert.equal(sovereign(['doc', 'show', String(a['id']), '--json']).json()['content'], 'Rent 1150\n');

  assert.equal(sovereign(['branch', 'add', String(a['id']), 'draft']).status, 0);
  assert.equal((sovereign(['branch', 'ls', String(a['id']), '--json']).json()['branches'] as unknown[]).length, 2);
  assert.equal(sovereign(['merge', String(a['id']), 'draft', '--json']).json()['status'], 'up-to-date');

  const link = sovereign(['link', 'add', String(b['id']), String(a['id']), '--kind', 'continues', '--json']);
  assert.equal(link.status, 0, link.stderr);
  assert.equal((sovereign(['link', 'ls', String(a['id']), '--json']).json() as unknown as unknown[]).length, 1);
  const bad = sovereign(['link', 'add', String(b['id']), 'nope']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no document with id "nope"/);

  const log = sovereign(['log', '--type', 'document.', '--json']).json() as unknown as { type: string }[];
  assert.ok(log.length >= 3);
  assert.equal(sovereign(['doc', 'rm', String(b['id'])]).status, 0);
  assert.equal(sovereign(['doc', 'show', String(b['id'])]).status, 1);
  assert.equal(sovereign(['doc', 'add', 'x', '--type', 'exe']).status, 2);
});

test('an unreachable server URL is a clear error, not a hang', () => {
  const run = sovereign(['doc', 'ls'], { SOVEREIGN_DB_URL: 'ws://127.0.0.1:9' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /127\.0\.0\.1:9/);
});

test('adding a document to an unknown thread names the thread, lists existing ones and offers --create-thread, which creates it', () => {
  assert.equal(sovereign(['thread', 'add', 'Garden']).status, 0);
  const unknown = sovereign(['doc', 'add', 'Seed list', '--thread', 'Holidays']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /"Holidays"/);
  assert.match(unknown.stderr, /"Garden"/);
  assert.match(unknown.stderr, /--create-thread/);
  assert.doesNotMatch(unknown.stderr, /with id "Holidays"$/m);

  const created = sovereign(['doc', 'add', 'Seed list', '--thread', 'Holidays', '--create-thread', '--json']);
  assert.equal(created.status, 0, created.stderr);
  assert.match(created.stderr, /created the thread "Holidays"/);
  const threads = sovereign(['thread', 'ls', '--json']).json() as unknown as { id: string; name: string }[];
  const holidays = threads.find((t) => t.name === 'Holidays');
  assert.ok(holidays, 'the thread exists after --create-thread');
  assert.equal(created.json()['threadId'], holidays.id);

  // A second --create-thread with the same name reuses the thread and announces nothing.
  const again = sovereign(['doc', 'add', 'Packing', '--thread', 'holidays', '--create-thread']);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /created the thread/);
  assert.equal((sovereign(['thread', 'ls', '--json']).json() as unknown as unknown[]).length, threads.length);

  const noName = sovereign(['doc', 'add', 'Packing', '--create-thread']);
  assert.equal(noName.status, 2);
  assert.match(noName.stderr, /--create-thread needs --thread/);
});
