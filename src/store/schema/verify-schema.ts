import type { Surreal } from 'surrealdb';
import { _, format } from '../../core/index.js';
import { damagedDatabaseError } from '../integrity/damaged-database-error.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The tables and, per table, the indexes the migrations define (and a later one has not removed). */
export function expectedSchema(migrations: readonly Migration[] = MIGRATIONS): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const statement of migrations.flatMap((migration) => migration.statements)) {
    const table = /^DEFINE TABLE (?:IF NOT EXISTS )?(\w+)/.exec(statement)?.[1];
    if (table !== undefined && !tables.has(table)) tables.set(table, new Set());
    const index = /^DEFINE INDEX (?:IF NOT EXISTS )?(\w+) ON (?:TABLE )?(\w+)/.exec(statement);
    if (index) {
      if (!tables.has(index[2]!)) tables.set(index[2]!, new Set());
      tables.get(index[2]!)!.add(index[1]!);
    }
    const removed = /^REMOVE INDEX (?:IF EXISTS )?(\w+) ON (?:TABLE )?(\w+)/.exec(statement);
    if (removed) tables.get(removed[2]!)?.delete(removed[1]!);
  }
  return tables;
}

/**
 * Checks that the engine sees every table and index the schema defines.
 * The definitions are read with a range scan, and RocksDB ends a scan
 * silently at a block it cannot read: a damaged block there made a table's
 * definition vanish, and with it every record of the table (600 links read
 * as none, with no error). Definitions change only through migrations, so one
 * that is missing after migrating means damage. A few small reads at open.
 */
export async function verifySchema(db: Surreal, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const expected = expectedSchema(migrations);
  const [database] = await db.query<[{ tables?: Record<string, unknown> }]>('INFO FOR DB').collect();
  for (const [table, indexes] of expected) {
    if (!(table in (database?.tables ?? {}))) {
      throw damagedDatabaseError(format(_('the definition of table {table} cannot be read'), { table }));
    }
    if (indexes.size === 0) continue;
    const [info] = await db.query<[{ indexes?: Record<string, unknown> }]>(`INFO FOR TABLE ${table}`).collect();
    const missing = [...indexes].filter((index) => !(index in (info?.indexes ?? {})));
    if (missing.length > 0) {
      throw damagedDatabaseError(format(_('the indexes {indexes} of table {table} cannot be read'), { table, indexes: missing.join(', ') }));
    }
  }
}
