import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseSearchPrefix, queryFromTerms } from '../../../src/dbus/search-terms.js';

test('a prefix written as its own word leaves the following words as the query', () => {
  assert.equal(queryFromTerms(['sov:', 'budget', 'notes'], 'sov:'), 'budget notes');
});

test('a prefix joined to the first word is split from it', () => {
  assert.equal(queryFromTerms(['sov:budget'], 'sov:'), 'budget');
  assert.equal(queryFromTerms(['sov:budget', 'notes'], 'sov:'), 'budget notes');
});

test('the prefix is matched without regard to case, as the Shell does not lowercase', () => {
  assert.equal(queryFromTerms(['SOV:', 'Budget'], 'sov:'), 'Budget');
});

test('terms without the prefix are not addressed to Sovereign', () => {
  assert.equal(queryFromTerms(['budget'], 'sov:'), undefined);
  assert.equal(queryFromTerms(['so', 'sov:'], 'sov:'), undefined);
  assert.equal(queryFromTerms([], 'sov:'), undefined);
});

test('the prefix alone is an empty query', () => {
  assert.equal(queryFromTerms(['sov:'], 'sov:'), '');
});

test('a configured prefix replaces the default', () => {
  assert.equal(queryFromTerms(['d:', 'plan'], 'd:'), 'plan');
  assert.equal(queryFromTerms(['sov:', 'plan'], 'd:'), undefined);
});

test('an empty prefix answers every query', () => {
  assert.equal(queryFromTerms(['budget', 'q3'], ''), 'budget q3');
});

test('a prefix with whitespace inside or an overlong one is refused', () => {
  assert.equal(normaliseSearchPrefix(' sov: '), 'sov:');
  assert.equal(normaliseSearchPrefix('s ov:'), undefined);
  assert.equal(normaliseSearchPrefix('x'.repeat(33)), undefined);
});
