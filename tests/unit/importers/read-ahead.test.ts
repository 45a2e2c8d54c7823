import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchWriter } from '../../../src/importers/batch-writer.js';
import { readAhead } from '../../../src/importers/read-ahead.js';

/** A promise the test settles by hand, so the order things finish in is chosen, not timed. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('files read ahead come back in the order they were found, even when later ones finish first, with a failure in its own place', async () => {
  const reads = ['a', 'b', 'c', 'd'].map(() => deferred<string>());
  const started: number[] = [];
  const results = readAhead([0, 1, 2, 3], 3, (i) => {
    started.push(i);
    return reads[i]!.promise;
  });
  const first = results.next();
  await tick();
  assert.deepEqual(started, [0, 1, 2], 'three reads run at once, the fourth waits');
  reads[2]!.resolve('c');
  reads[1]!.reject(new Error('b is unreadable'));
  reads[0]!.resolve('a');
  assert.deepEqual((await first).value, { ok: true, value: 'a' });
  assert.deepEqual(started, [0, 1, 2, 3], 'the fourth starts as soon as the first is taken');
  const second = (await results.next()).value;
  assert.equal(second?.ok, false);
  assert.match(String(second && !second.ok ? second.error : ''), /b is unreadable/);
  assert.deepEqual((await results.next()).value, { ok: true, value: 'c' });
  reads[3]!.resolve('d');
  assert.deepEqual((await results.next()).value, { ok: true, value: 'd' });
  assert.equal((await results.next()).done, true);
});

test('stopping early (Cancel) waits for the reads already started, so none is left running', async () => {
  const reads = [0, 1, 2].map(() => deferred<number>());
  const finished: number[] = [];
  const results = readAhead([0, 1, 2], 3, (i) => reads[i]!.promise.then((v) => (finished.push(v), v)));
  reads[0]!.resolve(0);
  await results.next();
  let stopped = false;
  const stopping = results.return(undefined).then(() => (stopped = true));
  await tick();
  assert.equal(stopped, false, 'still waiting for reads 1 and 2');
  reads[1]!.resolve(1);
  reads[2]!.resolve(2);
  await stopping;
  assert.deepEqual(finished.sort(), [0, 1, 2]);
});

test('a batch is written only after the one before it is stored, and a file in either is known to be not yet written', async () => {
  const writes: { batch: string[]; done: ReturnType<typeof deferred<undefined>> }[] = [];
  const writer = new BatchWriter<{ real: string; documents: string[] }>((batch) => {
    const done = deferred<undefined>();
    writes.push({ batch: batch.map((item) => item.real), done });
    return done.promise;
  });
  await writer.add({ real: '/v/a.md', documents: ['a'] }, 2);
  assert.equal(writes.length, 0, 'one document does not fill a batch of two');
  await writer.add({ real: '/v/b.md', documents: ['b'] }, 2);
  assert.deepEqual(writes.map((w) => w.batch), [['/v/a.md', '/v/b.md']], 'the full batch is being written');
  await writer.add({ real: '/v/c.md', documents: ['c'] }, 2);
  assert.ok(writer.holds('/v/a.md') && writer.holds('/v/c.md') && !writer.holds('/v/d.md'));

  let secondStarted = false;
  const adding = writer.add({ real: '/v/d.md', documents: ['d'] }, 2).then(() => (secondStarted = true));
  await tick();
  assert.equal(secondStarted, false, 'the second batch waits for the first');
  assert.equal(writes.length, 1);
  writes[0]!.done.resolve(undefined);
  await adding;
  assert.deepEqual(writes.map((w) => w.batch), [['/v/a.md', '/v/b.md'], ['/v/c.md', '/v/d.md']]);
  assert.equal(writer.holds('/v/a.md'), false, 'the first batch is stored');

  const flushed = writer.flush();
  writes[1]!.done.resolve(undefined);
  await flushed;
  assert.equal(writer.holds('/v/d.md'), false);
});
