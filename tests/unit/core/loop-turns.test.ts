import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoopTurns } from '../../../src/core/loop-turns.js';

const settle = async () => {
  for (let k = 0; k < 10; k++) await Promise.resolve();
};

/**
 * A loop driven by hand: a clock that moves only when work is done, turns
 * that end when told, and callers whose pieces of work are logged as
 * "turn:name".
 */
function handLoop(budgetMs: number) {
  let clock = 0;
  let turn = 0;
  let later: (() => void)[] = [];
  const turns = new LoopTurns(budgetMs, () => clock, (callback) => later.push(callback));
  const log: string[] = [];
  return {
    turns,
    log,
    /** A caller doing `units` pieces of `ms` each, giving way before each. */
    async caller(name: string, units: number, ms: number): Promise<void> {
      for (let k = 0; k < units; k++) {
        await turns.giveWay();
        clock += ms;
        log.push(`${turn}:${name}`);
      }
    },
    /** Runs turns until nobody waits for one. */
    async runTurns(): Promise<void> {
      while (turns.queued > 0) {
        turn++;
        const due = later;
        later = [];
        due.forEach((callback) => callback());
        await settle();
      }
    },
  };
}

test('work goes on in the same turn while within the budget, and waits for a later turn once past it', async () => {
  const loop = handLoop(5);
  const done = loop.caller('a', 7, 2);
  await settle();
  assert.deepEqual(loop.log, ['0:a', '0:a', '0:a'], 'three 2 ms pieces fit a 5 ms turn (the third starts at 4 ms)');
  await loop.runTurns();
  await done;
  assert.deepEqual(loop.log, ['0:a', '0:a', '0:a', '1:a', '1:a', '1:a', '2:a']);
});

test('callers waiting for the loop go on one per turn, in the order they asked, so each of them moves', async () => {
  const loop = handLoop(5);
  const a = loop.caller('a', 4, 6);
  await settle();
  // b and c ask after a has spent the turn.
  const b = loop.caller('b', 2, 6);
  const c = loop.caller('c', 2, 6);
  await settle();
  await loop.runTurns();
  await Promise.all([a, b, c]);
  // Every piece is longer than the budget: one piece a turn, taken in turn by whoever waited longest.
  const turnsUsed = loop.log.map((entry) => entry.split(':')[0]);
  assert.equal(new Set(turnsUsed).size, turnsUsed.length, `one piece per turn: ${loop.log.join(' ')}`);
  assert.deepEqual(loop.log.map((entry) => entry.split(':')[1]).join(''), 'aabcabca');
});
