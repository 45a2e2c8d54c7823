import assert from 'node:assert/strict';
import { test } from 'node:test';
import dbus from 'dbus-next';
import { isSovereignError } from '../../../src/core/index.js';
import {
  MAX_IDS_PER_CALL,
  MAX_QUERY_LENGTH,
  checkCommandOptions,
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

test('command options take the context and a confirmed document as ids, and refuse anything else by name', () => {
  const s = (value: string) => new dbus.Variant('s', value);
  assert.deepEqual(checkCommandOptions({}), { context: {} });
  assert.deepEqual(checkCommandOptions({ 'context-document': s('doc-1'), 'context-thread': s('thesis'), 'confirm-document': s('doc-1') }), {
    context: { documentId: 'doc-1', threadId: 'thesis' },
    confirmedDocument: 'doc-1',
  });
  assert.throws(() => checkCommandOptions({ confirmed: new dbus.Variant('b', true) }), (error) => invalid(error) && /confirmed/.test((error as Error).message));
  assert.throws(() => checkCommandOptions({ 'confirm-document': new dbus.Variant('b', true) }), invalid);
  assert.throws(() => checkCommandOptions({ 'context-document': s('not an id; drop table') }), invalid);
  assert.throws(() => checkCommandOptions(null), invalid);
});
