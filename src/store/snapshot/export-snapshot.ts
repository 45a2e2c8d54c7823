import type { Surreal } from 'surrealdb';
import { databaseError } from '../surreal/session.js';

/**
 * The whole database (table definitions and every record) as SurrealQL, from
 * the engine's own EXPORT: one read transaction, so a backup taken while the
 * app writes sees one consistent state. The embedded engine hands the text
 * over as one body; it is passed on in pieces so the caller can encrypt and
 * write it without keeping a second copy.
 */
export async function* exportSnapshot(db: Surreal): AsyncGenerator<Uint8Array> {
  let body: ReadableStream<Uint8Array> | null;
  try {
    body = (await db.export({ tables: true, records: true }).raw()).body;
  } catch (error) {
    throw databaseError(error);
  }
  if (body === null) return;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}
