import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICENESS, keepMainThreadFirst } from '../../../src/ui/main-thread-first.js';

/** A worker thread that stays until terminated, with its kernel thread id. */
async function startThread(): Promise<{ thread: number; stop: () => Promise<number> }> {
  const worker = new Worker(
    `const fs = require('node:fs'); const { parentPort } = require('node:worker_threads');
     parentPort.postMessage(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()));
     setInterval(() => undefined, 1000);`,
    { eval: true },
  );
  const thread = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { thread, stop: () => worker.terminate() };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the main thread keeps its priority; threads there already and threads started later run below it', async () => {
  const mainBefore = os.getPriority(process.pid);
  const threads = [await startThread()];
  const stop = keepMainThreadFirst();
  try {
    assert.equal(os.getPriority(threads[0]!.thread), BACKGROUND_NICENESS, 'a thread that was already running is lowered at once');
    threads.push(await startThread());
    await until('a thread started later is lowered', () => os.getPriority(threads[1]!.thread) === BACKGROUND_NICENESS);
    assert.equal(os.getPriority(process.pid), mainBefore, 'the main thread keeps its niceness');
  } finally {
    stop();
    await Promise.all(threads.map((t) => t.stop()));
  }
});
