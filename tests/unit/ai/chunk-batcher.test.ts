import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkBatcher } from '../../../src/ai/host/chunk-batcher.js';

function batcher(interval: number) {
  let clock = 1000;
  const sent: string[] = [];
  const chunks = new ChunkBatcher((text) => sent.push(text), interval, () => clock);
  return {
    chunks,
    sent,
    advance(ms: number) {
      clock += ms;
    },
  };
}

test('the first chunk goes at once; chunks within the interval are sent together, in order, on flush', () => {
  const { chunks, sent, advance } = batcher(10);
  chunks.push('Hel');
  assert.deepEqual(sent, ['Hel'], 'time to first token is not delayed');
  chunks.push('lo');
  advance(3);
  chunks.push(', ');
  chunks.push('');
  chunks.push('world');
  assert.deepEqual(sent, ['Hel']);
  chunks.flush();
  assert.deepEqual(sent, ['Hel', 'lo, world']);
  chunks.flush();
  assert.deepEqual(sent, ['Hel', 'lo, world'], 'nothing left, nothing sent');
});

test('a chunk after the interval has passed goes at once', () => {
  const { chunks, sent, advance } = batcher(10);
  chunks.push('a');
  advance(10);
  chunks.push('b');
  advance(25);
  chunks.push('c');
  assert.deepEqual(sent, ['a', 'b', 'c']);
});

test('buffered text is sent by the timer without a flush, and every character arrives exactly once', async () => {
  const sent: string[] = [];
  const chunks = new ChunkBatcher((text) => sent.push(text), 5);
  const text = 'The budget meeting moved to Thursday. ✓ 日本語 🙂';
  for (const ch of text) chunks.push(ch);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(sent.length >= 2 && sent.length < [...text].length, `coalesced into ${sent.length} messages`);
  assert.equal(sent.join(''), text);
  chunks.flush();
  assert.equal(sent.join(''), text);
});
