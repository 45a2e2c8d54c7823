import { DateTime } from 'surrealdb';

/** SurrealDB datetimes come back as the SDK's DateTime; the rest of the program uses Date. */
export function toDate(value: unknown): Date {
  if (value instanceof DateTime) return value.toDate();
  if (value instanceof Date) return value;
  return new Date(String(value));
}
