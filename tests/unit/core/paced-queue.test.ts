import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoopTurns } from '../../../src/core/loop-turns.js';
import { PacedQueue } from '../../../src/core/paced-queue.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('a burst is delivered in order over several turns of the loop, the loop running between them', async () => {
  const delivered: number[] = [];
  // Each item takes 1 ms: a 4 ms slice takes a few, never all 40.
  const queue = new PacedQueue<number>((n) => {
    const until = performance.now() + 1;
    while (performance.now() < until);
    delivered.push(n);
  }, new LoopTurns(4));
  for (let n = 0; n < 40; n++) queue.push(n);
  assert.deepEqual(delivered, [], 'nothing is delivered inside push');
  const perTurn: number[] = [];
  while (delivered.length < 40) {
    const before = delivered.length;
    await turn();
    perTurn.push(delivered.length - before);
  }
  assert.deepEqual(delivered, Array.from({ length: 40 }, (_, n) => n));
  assert.ok(perTurn.length >= 5, `delivered over ${perTurn.length} turns: ${perTurn.join(', ')}`);
  assert.ok(Math.max(...perTurn) < 40);
});

test('flush delivers what is still waiting at once, and nothing is delivered twice', async () => {
  const delivered: string[] = [];
  const queue = new PacedQueue<string>((s) => delivered.push(s));
  queue.push('a');
  queue.push('b');
  queue.flush();
  assert.deepEqual(delivered, ['a', 'b']);
  assert.equal(queue.size, 0);
  await turn();
  await turn();
  assert.deepEqual(delivered, ['a', 'b']);
});
