import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLexicon } from '../../../src/assistant/index.js';
import { editDistance, nameScore, words } from '../../../src/assistant/text-match.js';
import { isSovereignError } from '../../../src/core/index.js';

test('words fold case and accents, and drop punctuation and extra spaces', () => {
  assert.deepEqual(words('  Interview  notes, Dr. MÜLLER! '), ['interview', 'notes', 'dr', 'muller']);
});

test('a swapped pair of letters is one typo', () => {
  assert.equal(editDistance('opne', 'open', 1), 1);
  assert.equal(editDistance('tiel', 'tile', 1), 1);
  assert.equal(editDistance('kitchen', 'chicken', 2), 3);
});

test('the exact title outranks a longer title that contains it, and both outrank a typo', () => {
  const typed = words('tile quotes');
  const exact = nameScore(typed, words('Tile quotes'));
  const longer = nameScore(typed, words('Tile quotes from the market'));
  const typo = nameScore(words('tiel quotse'), words('Tile quotes'));
  assert.equal(exact, 1);
  assert.ok(longer < exact && longer >= 0.7, `longer title scores ${longer}`);
  assert.ok(typo < exact && typo >= 0.7, `typo scores ${typo}`);
});

test('a title with only one of two typed words scores below the confidence to act', () => {
  assert.ok(nameScore(words('tile budget'), words('Tile quotes')) < 0.7);
});

test('short words are never matched through a typo ("cat" is not "car")', () => {
  assert.equal(nameScore(['cat'], ['car']), 0);
});

test('a lexicon with a broken field is refused, naming the file and the field', () => {
  assert.throws(
    () => parseLexicon('xx.json', { language: 'xx', verbs: { open_document: 'open' }, separators: {} }),
    (error) => isSovereignError(error, 'config') && /xx\.json/.test(error.message) && /verbs\.open_document/.test(error.message),
  );
});

test('a lexicon may not invent actions the orchestrator does not have', () => {
  assert.throws(() => parseLexicon('xx.json', { language: 'xx', verbs: { launch_rocket: ['launch'] }, separators: { into: [], renameTo: [], linkWith: [], exportAs: [], named: [], about: [] } }), (error) =>
    isSovereignError(error, 'config'),
  );
});

test('numbers match only exactly: "2026" does not name "Budget 2025"', () => {
  assert.ok(nameScore(words('budget 2026'), words('Budget 2025')) < 0.7);
});
