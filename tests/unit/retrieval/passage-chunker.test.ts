import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkMarkdown } from '../../../src/retrieval/chunk-markdown.js';
import { PassageChunker } from '../../../src/retrieval/passage-chunker.js';

const section = (n: number) => `## Section ${n}\n\nThe budget for quarter ${n} covers travel, hardware and the *field study* in region ${n % 7}.\n\n- item ${n}\n- another item\n\n`;

test('a long note is cut into the same passages in the worker thread as on the main loop, and the loop keeps turning meanwhile', async () => {
  const content = Array.from({ length: 2000 }, (_, n) => section(n)).join('');
  assert.ok(content.length > 100_000);
  const chunker = new PassageChunker();
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  let passages;
  try {
    passages = await chunker.chunk('doc-long', 'Budget notes', content);
  } finally {
    clearInterval(ticking);
  }
  assert.deepEqual(passages, chunkMarkdown('doc-long', 'Budget notes', content));
  assert.ok(passages.length > 100);
  assert.ok(turns > 0, 'timers ran while the worker chunked');
  // Each passage points at its own text in the note.
  for (const passage of [passages[0]!, passages[passages.length - 1]!]) assert.ok(passage.end > passage.start && passage.end <= content.length);
});

test('a short note is chunked at once, as before', async () => {
  const content = section(1);
  assert.deepEqual(await new PassageChunker().chunk('doc-short', 'Short', content), chunkMarkdown('doc-short', 'Short', content));
});
