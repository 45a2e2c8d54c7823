import type { RecordId, Surreal } from 'surrealdb';
import type { FieldCipher } from '../field-cipher.js';
import { documentRecordName } from './document-rows.js';
import { keyOf } from './ids.js';
import { threadNameKey } from './threads.js';
import { databaseError, sealPayload } from './session.js';

/**
 * The fields each record module seals (document-rows.ts, commit-rows.ts,
 * conversations.ts, session.ts for event payloads), listed once more here
 * for a database whose rows were written in the clear: converting a plain
 * workspace seals its copy in place with these. A test reads every kind
 * back through the store after conversion, so a field missing here fails it.
 */
const SEALED: Record<'document' | 'thread' | 'commit' | 'conversation' | 'message', readonly string[]> = {
  document: ['title', 'content', 'provenance.source_path', 'provenance.source_key', 'provenance.original_hash', 'media_ref'],
  thread: ['name', 'description'],
  commit: ['message', 'content'],
  conversation: ['title'],
  message: ['content'],
};

/** Statements per transaction: the engine's cost per row grows with the transaction (see documents.ts). */
const BATCH = 250;

function valueAt(row: Record<string, unknown>, field: string): unknown {
  return field.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), row);
}

function recordName(table: keyof typeof SEALED, key: string): string {
  return table === 'document' ? documentRecordName(key) : `${table}:${key}`;
}

export async function runBatches(db: Surreal, updates: { sql: string; vars: Record<string, unknown> }[]): Promise<void> {
  for (let start = 0; start < updates.length; start += BATCH) {
    const batch = updates.slice(start, start + BATCH);
    const vars: Record<string, unknown> = {};
    const parts = ['BEGIN'];
    batch.forEach((update, index) => {
      parts.push(update.sql.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_whole, name: string) => `$u${index}_${name}`));
      for (const [name, value] of Object.entries(update.vars)) vars[`u${index}_${name}`] = value;
    });
    parts.push('COMMIT');
    try {
      await db.query(parts.join(';\n'), vars).collect();
    } catch (error) {
      throw databaseError(error);
    }
  }
}

/** Seals, in place, every field a vault keeps sealed, in a database written without a cipher. */
export async function sealRecords(db: Surreal, cipher: FieldCipher): Promise<void> {
  for (const [table, fields] of Object.entries(SEALED) as [keyof typeof SEALED, readonly string[]][]) {
    // Table and field names are the constants above, never user text.
    const [rows] = await db.query<[Record<string, unknown>[]]>('SELECT id, ' + fields.join(', ') + ' FROM ' + table).collect();
    const updates = (rows ?? []).flatMap((row) => {
      const key = keyOf(row['id']);
      const sets: string[] = [];
      const vars: Record<string, unknown> = { id: row['id'] as RecordId };
      fields.forEach((field, index) => {
        const value = valueAt(row, field);
        if (typeof value !== 'string') return;
        sets.push(field + ' = $f' + index);
        vars[`f${index}`] = cipher.seal(recordName(table, key), field, value);
        if (table === 'thread' && field === 'name') {
          sets.push('name_key = $name_key');
          vars['name_key'] = threadNameKey(cipher, value);
        }
      });
      return sets.length === 0 ? [] : [{ sql: 'UPDATE $id SET ' + sets.join(', '), vars }];
    });
    await runBatches(db, updates);
  }
  const [events] = await db.query<[{ id: RecordId; seq: number; payload?: Record<string, unknown> }[]]>('SELECT id, seq, payload FROM event').collect();
  await runBatches(
    db,
    (events ?? []).map((event) => ({ sql: 'UPDATE $id SET payload = $payload', vars: { id: event.id, payload: sealPayload(cipher, Number(event.seq), event.payload ?? {}) } })),
  );
}
