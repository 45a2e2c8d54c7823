import { randomBytes } from 'node:crypto';
import { RecordId } from 'surrealdb';
import { SovereignError, _, format } from '../../core/index.js';

export type Table = 'document' | 'thread' | 'milestone' | 'link' | 'commit' | 'event' | 'conversation' | 'message';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A new opaque id: time-ordered (base36 milliseconds) then random, so ids
 * made in one millisecond do not collide and sort roughly by creation.
 */
export function newId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomBytes(8).toString('hex');
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
