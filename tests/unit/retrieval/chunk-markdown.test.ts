import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { chunkMarkdown } from '../../../src/retrieval/chunk-markdown.js';

const words = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

test('each passage points at the exact stretch of the document it came from', () => {
  const content = '# Garden\n\nTomatoes need sun.\n\n## Watering\n\nWater in the morning.\r\n\r\nNot at noon.\n';
  const passages = chunkMarkdown('doc-1', 'Notes', content);
  assert.ok(passages.length > 0);
  for (const p of passages) {
    assert.equal(p.documentId, 'doc-1');
    assert.ok(p.text.endsWith(content.slice(p.start, p.end)), `passage text ends with its range: ${JSON.stringify(p)}`);
  }
  assert.deepEqual(
    passages.map((p) => content.slice(p.start, p.end)),
    ['Tomatoes need sun.', 'Water in the morning.\r\n\r\nNot at noon.'],
  );
});

test('a passage keeps the path of headings above it, outermost first', () => {
  const content = '# A\n\nintro\n\n## B\n\n### C\n\ndeep text\n\n## D\n\nsibling text\n';
  const passages = chunkMarkdown('d', 'T', content);
  assert.deepEqual(
    passages.map((p) => p.headingPath),
    [['A'], ['A', 'B', 'C'], ['A', 'D']],
  );
  assert.equal(passages[1]!.text, 'T › A › B › C\n\ndeep text');
});

test('a new heading always starts a new passage, even when both sections are short', () => {
  const passages = chunkMarkdown('d', 'T', '# One\n\nshort\n\n# Two\n\nshort too\n');
  assert.equal(passages.length, 2);
});

test('paragraphs under one heading are packed together up to the word budget', () => {
  const content = `${words(30, 'a')}\n\n${words(30, 'b')}\n\n${words(30, 'c')}\n`;
  const passages = chunkMarkdown('d', '', content, { maxWords: 70, overlapWords: 0 });
  assert.deepEqual(
    passages.map((p) => p.text.split(/\s+/).length),
    [60, 30],
  );
});

test('consecutive passages of a section share a short trailing paragraph', () => {
  const content = `${words(50, 'a')}\n\n${words(10, 'b')}\n\n${words(50, 'c')}\n`;
  const [first, second] = chunkMarkdown('d', '', content, { maxWords: 70, overlapWords: 15 });
  assert.ok(first!.text.includes('b9') && second!.text.includes('b0') && second!.text.includes('c49'));
  assert.ok(second!.start < first!.end, 'the ranges overlap');
});

test('a paragraph longer than the budget is cut into overlapping windows of words', () => {
  const content = words(500);
  const passages = chunkMarkdown('d', '', content, { maxWords: 200, overlapWords: 40 });
  assert.equal(passages.length, 3);
  for (const p of passages) assert.ok(p.text.split(' ').length <= 200);
  assert.ok(passages[1]!.text.startsWith('word160 '));
  assert.ok(passages[2]!.text.endsWith('word499'));
});

test('the hash is the sha256 of the text, so an unchanged passage keeps its hash after an edit elsewhere', () => {
  const before = chunkMarkdown('d', 'T', '# A\n\nstays the same\n\n# B\n\nold text\n');
  const after = chunkMarkdown('d', 'T', '# A\n\nstays the same\n\n# B\n\nnew text\n');
  assert.equal(before[0]!.hash, createHash('sha256').update(before[0]!.text).digest('hex'));
  assert.equal(after[0]!.hash, before[0]!.hash);
  assert.notEqual(after[1]!.hash, before[1]!.hash);
});

test('a document with a title and no body is one passage of its title; an empty one has none', () => {
  assert.deepEqual(
    chunkMarkdown('d', 'Only a title', '').map((p) => [p.text, p.start, p.end]),
    [['Only a title', 0, 0]],
  );
  assert.deepEqual(chunkMarkdown('d', '', '   \n\n'), []);
});
