import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SovereignError, asSovereignError, isSovereignError } from '../../../src/core/index.js';

test('describe() gives the message and then what the person can do', () => {
  const error = new SovereignError('database-locked', 'the database is in use by another Sovereign', {
    hint: 'Close the other Sovereign window and try again.',
  });
  assert.equal(error.describe(), 'the database is in use by another Sovereign\nClose the other Sovereign window and try again.');
  assert.equal(new SovereignError('io', 'cannot read report.pdf').describe(), 'cannot read report.pdf');
});

test('toJSON carries kind, message, hint and detail for --json output', () => {
  const error = new SovereignError('not-found', 'no document 42', { hint: 'List them with sovereign doc list.', detail: { id: '42' } });
  assert.deepEqual(JSON.parse(JSON.stringify(error)), {
    kind: 'not-found',
    message: 'no document 42',
    hint: 'List them with sovereign doc list.',
    detail: { id: '42' },
  });
});

test('isSovereignError checks the class and, when given, the kind', () => {
  const error = new SovereignError('timeout', 'the model did not answer in 30 s');
  assert.equal(isSovereignError(error), true);
  assert.equal(isSovereignError(error, 'timeout'), true);
  assert.equal(isSovereignError(error, 'io'), false);
  assert.equal(isSovereignError(new Error('plain')), false);
  assert.equal(isSovereignError({ kind: 'timeout', message: 'look-alike' }), false);
});

test('asSovereignError keeps SovereignErrors and wraps anything else with its cause', () => {
  const original = new SovereignError('conflict', 'edited elsewhere');
  assert.equal(asSovereignError(original, 'io'), original);

  const cause = new TypeError('x is undefined');
  const wrapped = asSovereignError(cause, 'database');
  assert.equal(wrapped.kind, 'database');
  assert.equal(wrapped.message, 'x is undefined');
  assert.equal(wrapped.cause, cause);

  const fromString = asSovereignError('boom');
  assert.equal(fromString.kind, 'internal');
  assert.equal(fromString.message, 'boom');
});
