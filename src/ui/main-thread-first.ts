import fs from 'node:fs';
import os from 'node:os';
import { createLogger } from '../core/index.js';

const log = createLogger('main-thread-first');

/** The niceness given to every thread of the window's process but the main one. */
export const BACKGROUND_NICENESS = 10;
/** Threads start all the time (workers, the engine's pool, libuv's pool on first use): they are looked for this often. */
const LOOK_EVERY_MS = 2000;

/**
 * Keeps the window's main thread, where GTK draws frames and takes input,
 * ahead of the process's other threads on a busy CPU. During an import on
 * two cores the main thread waited for a core for a quarter of its time:
 * the import's reading thread, the database engine's threads, the encoder
 * and V8's collector threads all ran at its priority. Each of them now runs
 * at niceness BACKGROUND_NICENESS, which on Linux is a thread's own (a
 * thread id passed to setpriority names only that thread); the main thread
 * keeps its own. Nothing else slows: the other threads get every cycle the
 * main thread leaves, which is most of them.
 *
 * A niceness cannot be lowered again without privileges, so this is for
 * the window's process only, and for its whole life. Returns the function
 * that stops looking for new threads.
 */
export function keepMainThreadFirst(): () => void {
  const look = () => {
    let threads: string[];
    try {
      threads = fs.readdirSync('/proc/self/task');
    } catch {
      return; // No /proc: not Linux, nothing to do.
    }
    for (const name of threads) {
      const thread = Number(name);
      if (thread === process.pid) continue;
      try {
        if (os.getPriority(thread) < BACKGROUND_NICENESS) os.setPriority(thread, BACKGROUND_NICENESS);
      } catch (error) {
        // The thread ended between the listing and here.
        log.debug('could not lower a thread', { thread, error });
      }
    }
  };
  look();
  const timer = setInterval(look, LOOK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
