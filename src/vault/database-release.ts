import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';

/** The file the embedded engine (RocksDB) holds a POSIX write lock on while a process has the database open. */
const LOCK_FILE = 'LOCK';
const POLL_MS = 100;

export interface WaitForReleaseOptions {
  /** How long the process that had the database open may take to exit. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Whether some process holds the lock on the database folder, read from
 * /proc/locks (device and inode of its LOCK file) without opening the
 * database: the engine keeps a lock it took in this process until the
 * process exits, so probing by opening would keep the folder locked here.
 */
export async function databaseHeld(databaseDir: string): Promise<boolean> {
  const lockFile = path.join(databaseDir, LOCK_FILE);
  const stat = await fs.stat(lockFile).catch(() => undefined);
  if (!stat) return false;
  // /proc/locks names a file as major:minor (hex) : inode (decimal).
  const major = Number((BigInt(stat.dev) >> 8n) & 0xfffn);
  const minor = Number((BigInt(stat.dev) & 0xffn) | ((BigInt(stat.dev) >> 12n) & 0xfff00n));
  const locks = await fs.readFile('/proc/locks', 'utf8');
  return locks.split('\n').some((line) => {
    const file = /\s([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    return file !== null && Number.parseInt(file[1]!, 16) === major && Number.parseInt(file[2]!, 16) === minor && Number(file[3]) === stat.ino;
  });
}

/**
 * Waits until no process holds the database folder: the window that asked
 * for a conversion quits and its engine lets go only when it has exited.
 */
export async function waitForDatabaseRelease(databaseDir: string, options: WaitForReleaseOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (await databaseHeld(databaseDir)) {
    options.signal?.throwIfAborted();
    if (Date.now() > deadline) {
      throw new SovereignError('database-locked', format(_('{folder} is still in use by another Sovereign process after {seconds} s; the workspace was not converted.'), { folder: databaseDir, seconds: Math.round(options.timeoutMs / 1000) }), {
        hint: _('Quit every Sovereign window and `sovereign serve`, then encrypt the workspace again.'),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
