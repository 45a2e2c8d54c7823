import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SovereignError } from '../../../src/core/index.js';
import { fromDBusError, toDBusError } from '../../../src/dbus/dbus-errors.js';

const ERR = 'org.sovereign.Sovereign.Error.';

test('each kind of failure reaches a D-Bus caller under its own error name', () => {
  const cases: [SovereignError, string][] = [
    [new SovereignError('database', 'The database refused the operation: disk full'), 'DatabaseFailed'],
    [new SovereignError('io', 'Cannot read /home/me/a.md: EIO'), 'ReadFailed'],
    [new SovereignError('already-exists', 'Sovereign is already running'), 'AlreadyExists'],
    [new SovereignError('conflict', 'The sample workspace can only be added to an empty workspace.'), 'Conflict'],
    [new SovereignError('config', 'store.url is not a URL'), 'ConfigInvalid'],
    [new SovereignError('timeout', 'The search took too long'), 'TimedOut'],
    [new SovereignError('cancelled', 'The import was cancelled'), 'Cancelled'],
    [new SovereignError('model', 'The chat model failed to load'), 'ModelFailed'],
    [new SovereignError('internal', 'unexpected state'), 'Internal'],
  ];
  for (const [error, name] of cases) assert.equal(toDBusError(error, 'Test').type, ERR + name, error.kind);
});

test('a failure without a hint of its own tells the caller what to do next', () => {
  const reply = toDBusError(new SovereignError('database', 'The database refused the operation: disk full'), 'Search');
  assert.match(reply.text, /^The database refused the operation: disk full\n.*Try again; if it keeps failing, run "sovereign doc ls"/);
  const own = toDBusError(new SovereignError('io', 'Cannot read a.md', { hint: 'Plug the drive back in.' }), 'ImportFile');
  assert.equal(own.text, 'Cannot read a.md\nPlug the drive back in.');
});

test('something thrown that is not an error becomes Internal with its message, not a stack or "[object Object]"', () => {
  const reply = toDBusError({ name: 'CborNumberError', message: 'Number too big to be encoded' }, 'Search');
  assert.equal(reply.type, ERR + 'Internal');
  assert.match(reply.text, /^Number too big to be encoded\nThis is a fault in Sovereign/);
  assert.doesNotMatch(toDBusError(new TypeError('x is undefined'), 'Search').text, /\n\s+at /);
});

test('an error a running Sovereign replied with comes back as the same kind, message and hint', () => {
  const sent = toDBusError(new SovereignError('not-found', 'No document is called “x”.', { hint: 'List them with sovereign doc ls.' }), 'RunCommandWith');
  const back = fromDBusError(sent);
  assert.equal(back.kind, 'not-found');
  assert.equal(back.message, 'No document is called “x”.');
  assert.equal(back.hint, 'List them with sovereign doc ls.');
});
