import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LinkIndex } from '../../../src/importers/link-index.js';
import { tagsFromFrontMatter } from '../../../src/importers/markdown-links.js';

const vault = '/v';
function indexOf(files: Record<string, string>): LinkIndex {
  const index = new LinkIndex();
  for (const [file, id] of Object.entries(files)) index.add(`${vault}/${file}`, id);
  return index;
}

test('a wikilink by note name finds the note wherever it is in the vault, ignoring case', () => {
  const index = indexOf({ 'projects/alpha/Plan.md': 'plan', 'daily/2024-01-01.md': 'day' });
  assert.equal(index.resolve({ kind: 'wikilink', text: 'plan' }, '/v/daily/2024-01-01.md', vault), 'plan');
  assert.equal(index.resolve({ kind: 'wikilink', text: 'alpha/Plan' }, '/v/daily/2024-01-01.md', vault), 'plan');
  assert.equal(index.resolve({ kind: 'wikilink', text: 'missing' }, '/v/daily/2024-01-01.md', vault), undefined);
});

test('two notes with one name: a path from the vault root picks one; else the one beside the linking note, else the shortest path', () => {
  const index = indexOf({ 'Ideas.md': 'top', 'work/Ideas.md': 'work', 'work/deep/more/Ideas.md': 'deep', 'home/today.md': 'today', 'work/today.md': 'worktoday' });
  assert.equal(index.resolve({ kind: 'wikilink', text: 'work/Ideas' }, '/v/home/today.md', vault), 'work');
  assert.equal(index.resolve({ kind: 'wikilink', text: 'Ideas' }, '/v/work/today.md', vault), 'work');
  assert.equal(index.resolve({ kind: 'wikilink', text: 'Ideas' }, '/v/home/today.md', vault), 'top');
});

test('embeds name attachments with their extension; markdown links are relative to the linking note', () => {
  const index = indexOf({ 'attachments/chart.png': 'chart', 'notes/a.md': 'a', 'notes/sub/b.md': 'b' });
  assert.equal(index.resolve({ kind: 'wikilink', text: 'chart.png' }, '/v/notes/a.md', vault), 'chart');
  assert.equal(index.resolve({ kind: 'path', path: 'sub/b.md' }, '/v/notes/a.md', vault), 'b');
  assert.equal(index.resolve({ kind: 'path', path: '../a.md' }, '/v/notes/sub/b.md', vault), 'a');
});

test('front-matter tags may be a list or one string, with or without #', () => {
  assert.deepEqual(tagsFromFrontMatter(['a', '#b', 3]), ['a', 'b', '3']);
  assert.deepEqual(tagsFromFrontMatter('x, #y z'), ['x', 'y', 'z']);
  assert.deepEqual(tagsFromFrontMatter(undefined), []);
});
