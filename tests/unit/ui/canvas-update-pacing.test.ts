import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BulkWork } from '../../../src/core/index.js';
import { BURST_QUIET_MS, CanvasUpdatePacing, LONG_BURST_INTERVAL_MS, LONG_BURST_MS, type PacingTimers } from '../../../src/ui/canvas/canvas-update-pacing.js';

/** Timers on a clock moved by hand; microtasks are the real ones. */
function handClock() {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  const timers: PacingTimers = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      due.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    queueMicrotask: (callback) => queueMicrotask(callback),
  };
  const advance = async (ms: number) => {
    // What was queued for this moment runs before the clock moves.
    await Promise.resolve();
    const end = now + ms;
    for (;;) {
      const next = [...due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      due.delete(next[0]);
      now = next[1].at;
      next[1].callback();
      await Promise.resolve();
    }
    now = end;
    await Promise.resolve();
  };
  return { timers, advance, now: () => now };
}

function paced() {
  const clock = handClock();
  const shownAt: number[] = [];
  const bulk = new BulkWork();
  const pacing = new CanvasUpdatePacing(() => shownAt.push(clock.now()), clock.timers, bulk);
  return { clock, shownAt, pacing, bulk };
}

/** Bulk work that runs until `finish` is called. */
function startBulk(bulk: BulkWork) {
  let finish!: () => void;
  const done = bulk.run(() => new Promise<void>((resolve) => (finish = resolve)));
  return { finish: async () => { finish(); await done; } };
}

test('a single change (a new note) is shown at once, with the rest of its transaction, and not again', async () => {
  const { clock, shownAt, pacing } = paced();
  pacing.changed();
  pacing.changed();
  await Promise.resolve();
  assert.deepEqual(shownAt, [0], 'shown in the same turn, once for the whole transaction');
  await clock.advance(5000);
  assert.deepEqual(shownAt, [0], 'nothing changed since, so nothing more is shown');
});

test('typing (a short burst) is shown at its start and once it has been quiet for a moment', async () => {
  const { clock, shownAt, pacing } = paced();
  for (let k = 0; k < 6; k++) {
    pacing.changed();
    await clock.advance(100);
  }
  // The last change came at 500 ms: it is shown BURST_QUIET_MS later.
  await clock.advance(1000);
  assert.deepEqual(shownAt, [0, 500 + BURST_QUIET_MS]);
});

test('an import (a long burst) is shown at a slow beat while it runs, and once when it ends', async () => {
  const { clock, shownAt, pacing } = paced();
  // A transaction every 100 ms for 8 s.
  for (let t = 0; t < 8000; t += 100) {
    pacing.changed();
    await clock.advance(100);
  }
  await clock.advance(1000);
  assert.equal(shownAt[0], 0);
  const gaps = shownAt.slice(1).map((at, k) => at - shownAt[k]!);
  const whileRunning = gaps.slice(1, -1);
  assert.ok(whileRunning.length >= 2, `shown ${shownAt.length} times while it ran: ${shownAt.join(', ')}`);
  assert.ok(whileRunning.every((gap) => gap >= LONG_BURST_INTERVAL_MS), `at most every ${LONG_BURST_INTERVAL_MS} ms: ${shownAt.join(', ')}`);
  assert.ok(shownAt.length <= 2 + Math.ceil((8000 - LONG_BURST_MS) / LONG_BURST_INTERVAL_MS) + 1, `${shownAt.length} showings in 8 s`);
  const last = shownAt.at(-1)!;
  assert.ok(last >= 7900 && last <= 7900 + BURST_QUIET_MS, `the last change (at 7900 ms) is shown by the time the import is quiet: ${shownAt.join(', ')}`);
});

test("an import whose transactions come further apart than a burst's quiet gap is shown at the slow beat, and at once when it ends", async () => {
  const { clock, shownAt, pacing, bulk } = paced();
  const importing = startBulk(bulk);
  // A transaction every 300 ms for 7.8 s (each gap longer than BURST_QUIET_MS), and the import ends 100 ms after its last.
  for (let t = 0; t <= 7800; t += 300) {
    pacing.changed();
    await clock.advance(t < 7800 ? 300 : 100);
  }
  const endedAt = clock.now();
  await importing.finish();
  assert.equal(shownAt[0], 0, 'the first transaction is shown at once');
  const whileRunning = shownAt.slice(1, -1);
  const gaps = whileRunning.map((at, k) => at - shownAt[k]!);
  assert.ok(whileRunning.length >= 2 && gaps.every((gap) => gap >= LONG_BURST_INTERVAL_MS), `at most every ${LONG_BURST_INTERVAL_MS} ms while it ran: ${shownAt.join(', ')}`);
  assert.equal(shownAt.at(-1), endedAt, `its last transaction is shown as soon as it ends: ${shownAt.join(', ')}`);
  await clock.advance(5000);
  assert.equal(shownAt.at(-1), endedAt, 'and nothing is shown again after it');
});

test('a note made during an import, just after the canvas showed the import, waits for the beat; one made after it is shown at once', async () => {
  const { clock, shownAt, pacing, bulk } = paced();
  const importing = startBulk(bulk);
  pacing.changed();
  await clock.advance(500);
  pacing.changed();
  await clock.advance(100);
  assert.deepEqual(shownAt, [0], 'the second change waits for the beat');
  await clock.advance(LONG_BURST_INTERVAL_MS);
  assert.deepEqual(shownAt, [0, LONG_BURST_INTERVAL_MS]);
  await importing.finish();
  await clock.advance(5000);
  pacing.changed();
  await Promise.resolve();
  assert.deepEqual(shownAt, [0, LONG_BURST_INTERVAL_MS, clock.now()], 'after the import a change is shown at once again');
});

test('after dispose nothing is shown', async () => {
  const { clock, shownAt, pacing } = paced();
  pacing.changed();
  pacing.dispose();
  pacing.changed();
  await clock.advance(5000);
  assert.deepEqual(shownAt, []);
});
