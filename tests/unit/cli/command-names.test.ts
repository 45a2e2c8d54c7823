import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppInvocation } from '../../../src/cli/app-invocation.js';
import { COMMAND_NAMES } from '../../../src/cli/command-names.js';
import { commandNames } from '../../../src/cli/program.js';

test('the entry point knows every subcommand the program has, so `sovereign search x` never opens the window', async () => {
  assert.deepEqual([...COMMAND_NAMES].sort(), (await commandNames()).sort());
});

test('the window and the D-Bus service run the app (no subcommand is loaded for them); help, the version and every subcommand do not', () => {
  const app = (argv: string[]) => isAppInvocation(argv, COMMAND_NAMES);
  assert.equal(app([]), true, 'the window');
  assert.equal(app(['notes/plan.md', 'report.pdf']), true, 'the window, opening files');
  assert.equal(app(['--gapplication-service']), true);
  assert.equal(app(['--gapplication-service', '--idle-exit-seconds', '0']), true);
  assert.equal(app(['--', 'search']), true, 'a file named like a command, after --');
  assert.equal(app(['--gapplication-service', '--help']), false, 'help lists the commands');
  assert.equal(app(['--version']), false);
  assert.equal(app(['help', 'import']), false);
  assert.equal(app(['search', 'budget']), false);
  assert.equal(app(['--gapplication-service', 'search', 'budget']), false);
});
