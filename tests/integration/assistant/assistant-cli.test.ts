import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/store.js';

/** One private home for the whole file, so each command (a new process) sees what the previous one did. */
const home = tempDir('sovereign-assistant-cli-');
const env = {
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
  XDG_STATE_HOME: path.join(home, 'state'),
};
const sovereign = (...args: string[]) => runCli(args, { env });

function documentTitles(): string[] {
  const listed = sovereign('doc', 'ls', '--json');
  assert.equal(listed.status, 0, listed.stderr);
  const parsed = JSON.parse(listed.stdout) as { title: string }[] | { items: { title: string }[] };
  return (Array.isArray(parsed) ? parsed : parsed.items).map((doc) => doc.title).sort();
}

test('a thread and a document added from the command line are there for the assistant', () => {
  assert.equal(sovereign('thread', 'add', 'Project Alpha').status, 0);
  assert.equal(sovereign('doc', 'add', 'Tile quotes').status, 0);
});

test('sovereign intent --json prints the routed intent and changes nothing', () => {
  const result = sovereign('intent', '--json', 'open', 'tiel', 'quotes');
  assert.equal(result.status, 0, result.stderr);
  const intent = JSON.parse(result.stdout) as { intent: string; action: string; confidence: number; entities: { document?: { title: string } } };
  assert.equal(intent.intent, 'navigation');
  assert.equal(intent.action, 'open_document');
  assert.equal(intent.entities.document?.title, 'Tile quotes');
  assert.ok(intent.confidence >= 0.7 && intent.confidence <= 1);
  assert.deepEqual(documentTitles(), ['Tile quotes']);
});

test('sovereign intent prints relative dates as ISO 8601', () => {
  const result = sovereign('intent', '--json', 'show yesterday');
  assert.equal(result.status, 0, result.stderr);
  const intent = JSON.parse(result.stdout) as { action: string; entities: { from: string; to: string } };
  assert.equal(intent.action, 'show_time');
  assert.match(intent.entities.from, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const hours = (new Date(intent.entities.to).getTime() - new Date(intent.entities.from).getTime()) / 3_600_000;
  assert.ok(hours >= 23 && hours <= 25, `yesterday spans one day, not ${hours} hours`);
});

test('sovereign do creates a note in the thread it names', () => {
  const result = sovereign('do', 'create a research note in Project Alpha');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Research note/);
  assert.deepEqual(documentTitles(), ['Research note', 'Tile quotes']);
});

test('sovereign do refuses to delete without --yes when it cannot ask, and deletes nothing', () => {
  const result = sovereign('do', 'delete tile quotes');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--yes/);
  assert.deepEqual(documentTitles(), ['Research note', 'Tile quotes']);
});

test('sovereign do --yes deletes, and "undo" in a later process brings the document back', () => {
  const deleted = sovereign('do', '--yes', 'delete tile quotes');
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.deepEqual(documentTitles(), ['Research note']);
  const undone = sovereign('do', 'undo');
  assert.equal(undone.status, 0, undone.stderr);
  assert.deepEqual(documentTitles(), ['Research note', 'Tile quotes']);
});

test('sovereign do "delete everything" asks back and deletes nothing', () => {
  const result = sovereign('do', '--yes', 'delete everything');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /one document at a time/);
  assert.deepEqual(documentTitles(), ['Research note', 'Tile quotes']);
});

test('sovereign do with a question points to sovereign ask, which answers questions', () => {
  const result = sovereign('do', 'why are the tiles so expensive?');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /That is a question, not a command/);
  assert.match(result.stderr, /sovereign ask "why are the tiles so expensive\?"/);
});

test('sovereign intent with an empty command is a clear error', () => {
  const result = sovereign('intent', ' ');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /empty/);
});
