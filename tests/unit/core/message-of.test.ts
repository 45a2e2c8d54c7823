import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asSovereignError, messageOf } from '../../../src/core/index.js';

test('a thrown plain object reads as its message, not "[object Object]"', () => {
  // What the SurrealDB SDK's CBOR encoder throws for a number it cannot encode.
  const thrown = { name: 'CborNumberError', message: 'Number too big to be encoded' };
  assert.equal(messageOf(thrown), 'Number too big to be encoded');
  assert.equal(asSovereignError(thrown).message, 'Number too big to be encoded');
});

test('errors, strings and message-less objects each read as something a person can quote', () => {
  assert.equal(messageOf(new RangeError('out of range')), 'out of range');
  assert.equal(messageOf('plain text'), 'plain text');
  assert.equal(messageOf({ code: 7 }), '{"code":7}');
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  assert.equal(messageOf(cyclic), '[object Object]');
  assert.equal(messageOf(undefined), 'undefined');
});
