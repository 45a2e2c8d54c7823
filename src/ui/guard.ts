import { createLogger } from '../core/index.js';

const log = createLogger('ui');

/**
 * Wraps a callback that GLib dispatches (signal handlers, tick callbacks,
 * idle sources). node-gtk ends the process when such a callback throws, so
 * every one goes through here: the error is logged and a fallback value
 * returned instead.
 */
export function guard<A extends unknown[], R>(name: string, fallback: R, callback: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return callback(...args);
    } catch (error) {
      log.error('callback failed', { callback: name, error, stack: (error as Error)?.stack });
      return fallback;
    }
  };
}

/** Runs an async task from a GLib callback without letting a rejection escape. */
export function spawnTask(name: string, task: () => Promise<unknown>): void {
  task().catch((error: unknown) => log.error('task failed', { task: name, error, stack: (error as Error)?.stack }));
}
