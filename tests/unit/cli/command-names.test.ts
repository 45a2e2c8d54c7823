import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_NAMES, isServiceInvocation } from '../../../src/cli/command-names.js';
import { commandNames } from '../../../src/cli/program.js';

test('the entry point knows every subcommand the program has, so `sovereign search x` never opens the window', async () => {
  assert.deepEqual([...COMMAND_NAMES].sort(), (await commandNames()).sort());
});

test('only the bare D-Bus service command line skips the subcommands', () => {
  assert.equal(isServiceInvocation(['--gapplication-service']), true);
  assert.equal(isServiceInvocation(['--gapplication-service', '--idle-exit-seconds', '0']), true);
  assert.equal(isServiceInvocation(['--gapplication-service', '--idle-exit-seconds=600']), true);
  assert.equal(isServiceInvocation([]), false, 'the window');
  assert.equal(isServiceInvocation(['--gapplication-service', '--help']), false, 'help lists the commands');
  assert.equal(isServiceInvocation(['--gapplication-service', 'search', 'budget']), false);
  assert.equal(isServiceInvocation(['--gapplication-service', '--idle-exit-seconds', 'soon']), false, 'a bad value gets the full program and its usage error');
  assert.equal(isServiceInvocation(['search', '--gapplication-service']), false);
});
