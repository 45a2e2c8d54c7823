import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoopTurns } from '../../../src/core/loop-turns.js';

/** A loop driven by hand: a clock that moves when work is done, and turns that run when told. */
function handLoop(budgetMs: number) {
  let clock = 0;
  let later: (() => void)[] = [];
  const turns = new LoopTurns(budgetMs, () => clock, (callback) => later.push(callback));
  return {
    turns,
    work: (ms: number) => void (clock += ms),
    /** Ends this turn and runs the next one's callbacks, then the promises they settled. */
    nextTurn: async () => {
      const due = later;
      later = [];
      due.forEach((callback) => callback());
      for (let k = 0; k < 10; k++) await Promise.resolve();
    },
  };
}

/** A caller that does `units` pieces of work of `ms` each, giving way before each, and logs which turn each ran in. */
async function worker(name: string, units: number, ms: number, loop: ReturnType<typeof handLoop>, log: string[], turn: () => number): Promise<void> {
  for (let k = 0; k < units; k++) {
    await loop.turns.giveWay();
    loop.work(ms);
    log.push(`${turn()}:${name}`);
  }
}

test('work goes on in the same turn while within the budget, and waits for a later turn once past it', async () => {
  const loop = handLoop(5);
  let turn = 0;
  const log: string[] = [];
  const done = worker('a', 7, 2, loop, log, () => turn);
  for (let k = 0; k < 10; k++) await Promise.resolve();
  assert.deepEqual(log, ['0:a', '0:a', '0:a'], 'three 2 ms pieces fit a 5 ms turn (the third starts at 4 ms)');
  while (loop.turns.queued > 0) {
    turn++;
    await loop.nextTurn();
  }
  await done;
  assert.deepEqual(log, ['0:a', '0:a', '0:a', '1:a', '1:a', '1:a', '2:a']);
});

test('callers waiting for the loop go on one per turn, in the order they asked, so each of them moves', async () => {
  const loop = handLoop(5);
  let turn = 0;
  const log: string[] = [];
  const a = worker('a', 4, 6, loop, log, () => turn);
  for (let k = 0; k < 10; k++) await Promise.resolve();
  // b and c ask after a has spent the turn.
  const b = worker('b', 2, 6, loop, log, () => turn);
  const c = worker('c', 2, 6, loop, log, () => turn);
  for (let k = 0; k < 10; k++) await Promise.resolve();
  while (loop.turns.queued > 0) {
    turn++;
    await loop.nextTurn();
  }
  await Promise.all([a, b, c]);
  // Every piece is longer than the budget: one piece a turn, taken in turn by whoever waited longest.
  const perTurn = new Map<string, string[]>();
  for (const entry of log) {
    const [at, name] = entry.split(':') as [string, string];
    perTurn.set(at, [...(perTurn.get(at) ?? []), name]);
  }
  assert.ok([...perTurn.values()].every((names) => names.length === 1), `one piece per turn: ${log.join(' ')}`);
  assert.deepEqual(log.map((entry) => entry.split(':')[1]).join(''), 'aabcabca');
});
