import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';

const { sovereign } = cliHome();
const memory = { SOVEREIGN_DB_URL: 'mem://' };

test('doc ls --offset 1e16 names the option and its range, and exits 2', () => {
  const run = sovereign(['doc', 'ls', '--offset', '1e16'], memory);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'sovereign: --offset takes a whole number from 0 to 1000000000, not "1e16".\n');
});

test('models recommend --params abc names the option instead of printing NaN', () => {
  const run = sovereign(['models', 'recommend', '--params', 'abc']);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'sovereign: --params takes a number from 0.01 to 10000, not "abc".\n');
  const good = sovereign(['models', 'recommend', '--params', '7']);
  assert.equal(good.status, 0, good.stderr);
  assert.doesNotMatch(good.stdout, /NaN/);
});

test('every numeric option refuses what is not a number in its range, by name', () => {
  const cases: [string[], string][] = [
    [['doc', 'ls', '--limit', '0'], '--limit'],
    [['doc', 'ls', '-n', '5000'], '--limit'],
    [['doc', 'ls', '--offset', '-1'], '--offset'],
    [['doc', 'ls', '--offset', '0x10'], '--offset'],
    [['history', 'any', '--limit', '2.5'], '--limit'],
    [['log', '--limit', ''], '--limit'],
    [['link', 'add', 'a', 'b', '--strength', '1.5'], '--strength'],
    [['link', 'add', 'a', 'b', '--strength', 'NaN'], '--strength'],
    [['serve', '--port', '70000'], '--port'],
    [['generate', 'hello', '--max-tokens', 'lots'], '--max-tokens'],
    [['generate', 'hello', '--temperature', 'Infinity'], '--temperature'],
    [['canvas', 'render', '--out', 'x.png', '--scale', '9'], '--scale'],
  ];
  for (const [args, option] of cases) {
    const run = sovereign(args, memory);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, new RegExp(`^sovereign: ${option} takes (a whole number|a number) from \\S+ to \\S+, not "`), args.join(' '));
  }
});
