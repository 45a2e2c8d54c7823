import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { cliEntry } from '../../support/repo.js';

const { env, sovereign } = cliHome();
const HOSTILE_TITLE = '\u001b]0;pwned\u0007 Budget \u009b2J';
const SHOWN_TITLE = '\\x1b]0;pwned\\x07 Budget \\x9b2J';
/** Anything a terminal would act on, other than a newline. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const added = sovereign(['doc', 'add', HOSTILE_TITLE, '-c', 'Rent \u001b[31m1150\u001b[0m\n']);
const id = added.stdout.trim();

/** Runs a command under a pseudo-terminal (util-linux `script`), as a person at a terminal would see it. */
function onTerminal(args: readonly string[]): string {
  const command = [process.execPath, cliEntry, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.replace(/\r\n/g, '\n');
}

test('doc ls and thread ls show escape sequences in titles and names spelled out, never raw', () => {
  assert.equal(added.status, 0, added.stderr);
  const listed = sovereign(['doc', 'ls']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.doesNotMatch(listed.stdout, RAW_CONTROL);
  assert.ok(listed.stdout.includes(SHOWN_TITLE), listed.stdout);

  assert.equal(sovereign(['thread', 'add', 'Plans\u001b[2J\u001b[H']).status, 0);
  const threads = sovereign(['thread', 'ls']);
  assert.doesNotMatch(threads.stdout, RAW_CONTROL);
  assert.ok(threads.stdout.includes('Plans\\x1b[2J\\x1b[H'), threads.stdout);
});

test('doc show on a terminal escapes the title and the content, keeping the lines', () => {
  const shown = onTerminal(['doc', 'show', id]);
  assert.doesNotMatch(shown, RAW_CONTROL);
  assert.equal(shown, `# ${SHOWN_TITLE}\n\nRent \\x1b[31m1150\\x1b[0m\n`);
});

test('doc show into a pipe escapes the title but passes the content on exactly', () => {
  const shown = sovereign(['doc', 'show', id]);
  assert.equal(shown.stdout, `# ${SHOWN_TITLE}\n\nRent \u001b[31m1150\u001b[0m\n`);
});

test('--json keeps the exact title, as JSON that carries no raw control character', () => {
  const listed = sovereign(['doc', 'ls', '--json']);
  assert.doesNotMatch(listed.stdout, RAW_CONTROL);
  const titles = (JSON.parse(listed.stdout) as { items: { title: string }[] }).items.map((item) => item.title);
  assert.deepEqual(titles, [HOSTILE_TITLE]);
});

test('an error message quoting a hostile argument shows it escaped on stderr', () => {
  const run = sovereign(['doc', 'add', 'x', '--type', '\u001b]0;pwned\u0007']);
  assert.equal(run.status, 2);
  assert.doesNotMatch(run.stderr, RAW_CONTROL);
  assert.match(run.stderr, /Unknown document type "\\x1b\]0;pwned\\x07"/);
});
