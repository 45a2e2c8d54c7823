import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openWikiLink, textStats, wikiLinkTitles } from '../../../src/skills/core/markdown-editor/index.js';

test('the footer counts words and characters as a reader would', () => {
  assert.deepEqual(textStats(''), { words: 0, characters: 0 });
  assert.deepEqual(textStats('# Budget 2026\n\nDon\'t overspend.'), { words: 4, characters: 31 });
  // "é" as e + combining accent is one character; an emoji family is one character.
  assert.deepEqual(textStats('cafe\u0301 👨‍👩‍👧'), { words: 1, characters: 6 });
});

test('[[Title]] links name their titles once each; broken brackets are not links', () => {
  assert.deepEqual(wikiLinkTitles('See [[Budget]] and [[ Travel plan |the trip]], again [[Budget]].'), ['Budget', 'Travel plan']);
  assert.deepEqual(wikiLinkTitles('[[a\nb]] [[]] [Budget] [[[x]]'), []);
});

test('typing inside an unclosed [[ reports the partial title for completion', () => {
  assert.equal(openWikiLink('see [[Bud'), 'Bud');
  assert.equal(openWikiLink('see [['), '');
  assert.equal(openWikiLink('see [[Budget]] now'), null);
  assert.equal(openWikiLink('no link here'), null);
  assert.equal(openWikiLink('[[two\nlines'), null);
});
