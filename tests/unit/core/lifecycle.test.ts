import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lifecycle, configureLogging } from '../../../src/core/index.js';

// The lifecycle logs failures; keep them out of the test output.
configureLogging({ sink: { write: () => undefined } });

test('resources close in the reverse order they opened, each once', async () => {
  const closed: string[] = [];
  const lifecycle = new Lifecycle(2000, () => undefined);
  lifecycle.register('database', () => void closed.push('database'));
  lifecycle.register('model', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    closed.push('model');
  });
  lifecycle.register('window', () => void closed.push('window'));
  await lifecycle.closeAll();
  await lifecycle.closeAll();
  assert.deepEqual(closed, ['window', 'model', 'database']);
});

test('an unregistered resource is not closed again', async () => {
  const closed: string[] = [];
  const lifecycle = new Lifecycle(2000, () => undefined);
  lifecycle.register('a', () => void closed.push('a'));
  const unregister = lifecycle.register('b', () => void closed.push('b'));
  unregister();
  await lifecycle.closeAll();
  assert.deepEqual(closed, ['a']);
});

test('a closer that throws does not stop the others', async () => {
  const closed: string[] = [];
  const lifecycle = new Lifecycle(2000, () => undefined);
  lifecycle.register('first', () => void closed.push('first'));
  lifecycle.register('broken', () => {
    throw new Error('handle already gone');
  });
  lifecycle.register('last', () => void closed.push('last'));
  await lifecycle.closeAll();
  assert.deepEqual(closed, ['last', 'first']);
});

test('shutdown closes everything, then exits with the code, only once', async () => {
  const exits: number[] = [];
  const lifecycle = new Lifecycle(2000, (code) => void exits.push(code));
  let closed = 0;
  lifecycle.register('db', () => void closed++);
  const first = lifecycle.shutdown(143);
  const second = lifecycle.shutdown(0);
  assert.equal(first, second);
  assert.equal(lifecycle.isShuttingDown, true);
  await first;
  assert.equal(closed, 1);
  assert.deepEqual(exits, [143]);
});

test('a closer that never finishes does not keep the process: exit comes at the deadline', async () => {
  const exits: number[] = [];
  let exited!: () => void;
  const exitCalled = new Promise<void>((resolve) => (exited = resolve));
  const lifecycle = new Lifecycle(50, (code) => {
    exits.push(code);
    exited();
  });
  lifecycle.register('stuck', () => new Promise<void>(() => undefined));
  // The deadline timer is unref'd (it must not keep a real process alive); this one keeps the test's.
  const keepAlive = setTimeout(() => undefined, 10_000);
  void lifecycle.shutdown(0);
  await exitCalled;
  clearTimeout(keepAlive);
  assert.deepEqual(exits, [1], 'a forced exit after a clean request is reported as a failure');
});
