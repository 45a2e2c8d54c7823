import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { databaseError } from '../../../src/store/surreal/session.js';
import { exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

test('an offset past 2^53 is refused by name before it reaches the database', async () => {
  const store = await openTestStore('mem');
  await assert.rejects(store.listDocuments({ offset: 1e16 }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'invalid-input'), String(error));
    assert.match(error.message, /^Invalid offset: 10000000000000000 is outside 0\.\.9007199254740991$/);
    return true;
  });
});

test('a database failure thrown as a plain object keeps its reason in the message', () => {
  const error = databaseError({ name: 'CborNumberError', message: 'Number too big to be encoded' });
  assert.equal(error.kind, 'database');
  assert.equal(error.message, 'The database refused the operation: Number too big to be encoded');
});
