import { GLib } from './gi.js';
import { guard } from './guard.js';

/** How long start-up work waits for an idle main loop once the window shows: an animation can keep it busy. */
const IDLE_WAIT_MS = 2000;

/**
 * Resolves once `shown` did (the window's first canvas frame) and the GLib
 * loop then had nothing more urgent to do, or IDLE_WAIT_MS later at most.
 * Work started at start-up that the first frame does not need (the search
 * index, the skills, the encoder) waits for this: on two busy cores every
 * millisecond it takes before that frame shows on the clock.
 */
export async function afterShown(shown: Promise<void>): Promise<void> {
  await shown;
  await new Promise<void>((resolve) => {
    const fallback = setTimeout(resolve, IDLE_WAIT_MS);
    GLib.idleAdd(
      GLib.PRIORITY_DEFAULT_IDLE,
      guard('window.idle-after-first-frame', false, () => {
        clearTimeout(fallback);
        resolve();
        return false;
      }),
    );
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
