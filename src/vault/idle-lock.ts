/**
 * When an unlocked vault should lock itself for lack of use. Pure: the
 * window supplies the idle time it measured (GNOME's, or its own input and
 * the D-Bus requests) and runs the lock.
 */

/** Checked this often at most: a lock a few seconds late is harmless, a busy timer is not. */
const LONGEST_CHECK_MS = 30_000;
/** And this often at least, so a short setting (a test's seconds) is still kept. */
const SHORTEST_CHECK_MS = 500;

/** Whether `idleMs` of quiet reach the setting (`afterSeconds`, 0: never). */
export function idleLockDue(idleMs: number, afterSeconds: number): boolean {
  return afterSeconds > 0 && idleMs >= afterSeconds * 1000;
}

/**
 * How long to wait before looking again: a quarter of the setting (so the
 * lock comes at most a quarter late), never longer than LONGEST_CHECK_MS;
 * undefined when the vault never locks for idleness.
 */
export function idleCheckDelayMs(afterSeconds: number): number | undefined {
  if (afterSeconds <= 0) return undefined;
  return Math.min(LONGEST_CHECK_MS, Math.max(SHORTEST_CHECK_MS, (afterSeconds * 1000) / 4));
}
