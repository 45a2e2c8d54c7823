import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import {
  MAX_IDS_PER_CALL,
  MAX_QUERY_LENGTH,
  checkDocumentId,
  checkDocumentIds,
  checkLimit,
  checkQuery,
  checkTerms,
} from '../../../src/dbus/validate-arguments.js';

const invalid = (error: unknown) => isSovereignError(error, 'invalid-input');

test('limits outside 1..200 and fractions are refused', () => {
  assert.equal(checkLimit(1), 1);
  assert.equal(checkLimit(200), 200);
  for (const bad of [0, 201, 2.5, -1, Number.NaN, '5']) assert.throws(() => checkLimit(bad), invalid);
});

test('a query longer than the maximum is refused', () => {
  assert.equal(checkQuery('x'.repeat(MAX_QUERY_LENGTH)).length, MAX_QUERY_LENGTH);
  assert.throws(() => checkQuery('x'.repeat(MAX_QUERY_LENGTH + 1)), invalid);
});

test('document ids are short opaque tokens; path-like or control characters are refused', () => {
  assert.equal(checkDocumentId('01HZX3K9abc'), '01HZX3K9abc');
  for (const bad of ['', '../etc/passwd', 'a b', 'x'.repeat(129), 'id\n', 'doc/1']) assert.throws(() => checkDocumentId(bad), invalid);
});

test('too many ids in one call are refused', () => {
  assert.throws(() => checkDocumentIds(Array.from({ length: MAX_IDS_PER_CALL + 1 }, (_, i) => `d${i}`)), invalid);
});

test('too many terms are refused', () => {
  assert.throws(() => checkTerms(Array.from({ length: 40 }, () => 'a')), invalid);
  assert.deepEqual(checkTerms(['sov:', 'a']), ['sov:', 'a']);
});
