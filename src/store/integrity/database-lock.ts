import fs from 'node:fs';
import path from 'node:path';

/**
 * The id of the process that holds the engine's lock on a database folder,
 * or undefined when none does. RocksDB takes a POSIX record lock on the
 * folder's LOCK file for as long as the database is open; Linux lists such
 * locks in /proc/locks by device and inode, so this asks without opening
 * the database (opening it is what a check must not do to a live one).
 */
export function databaseLockHolder(dir: string, procLocks = '/proc/locks'): number | undefined {
  let stat: fs.Stats;
  let table: string;
  try {
    stat = fs.statSync(path.join(dir, 'LOCK'));
    table = fs.readFileSync(procLocks, 'utf8');
  } catch {
    return undefined;
  }
  const device = `${hex(major(stat.dev))}:${hex(minor(stat.dev))}:${stat.ino}`;
  for (const line of table.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 4242 08:01:1835041 0 EOF"; blocked waiters are prefixed "->".
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue;
    const at = fields.findIndex((field) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(field));
    if (at > 0 && fields[at]!.toLowerCase() === device) return Number(fields[at - 1]);
  }
  return undefined;
}

// glibc's encoding of dev_t (gnu_dev_major/minor); /proc/locks prints both in hex, two digits at least.
function major(dev: number): number {
  return Number(((BigInt(dev) >> 8n) & 0xfffn) | ((BigInt(dev) >> 32n) & ~0xfffn));
}
function minor(dev: number): number {
  return Number((BigInt(dev) & 0xffn) | ((BigInt(dev) >> 12n) & ~0xffn));
}
function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
