import { randomFillSync } from 'node:crypto';
import { RecordId } from 'surrealdb';
import { SovereignError, _, format } from '../../core/index.js';

export type Table = 'document' | 'thread' | 'milestone' | 'link' | 'commit' | 'event' | 'conversation' | 'message';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Random bytes for ids, drawn from the system's generator 4 KB at a time:
 * a `randomBytes(8)` per id cost ~20 µs, and an import of 6,000 links held
 * the window's loop ~120 ms making their ids (tests/bench/import/import-lag).
 */
const random = Buffer.allocUnsafe(4096);
let randomAt = random.length;

/**
 * A new opaque id: time-ordered (base36 milliseconds) then random, so ids
 * made in one millisecond do not collide and sort roughly by creation.
 */
export function newId(): string {
  if (randomAt === random.length) {
    randomFillSync(random);
    randomAt = 0;
  }
  randomAt += 8;
  return Date.now().toString(36).padStart(9, '0') + random.toString('hex', randomAt - 8, randomAt);
}

/** Checks a caller-supplied id (it becomes a record key). */
export function checkId(id: string, what: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new SovereignError('invalid-input', format(_('{what} id "{id}" is not valid: use 1-64 letters, digits, "-" or "_".'), { what, id }));
  }
  return id;
}

export function rid(table: Table, id: string): RecordId<Table, string> {
  return new RecordId(table, id);
}

/** The key of a record id as our opaque string. */
export function keyOf(value: unknown): string {
  if (value instanceof RecordId) return String(value.id);
  return String(value);
}
