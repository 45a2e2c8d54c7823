import type { Surreal } from 'surrealdb';
import { SovereignError, _, createLogger, format } from '../../core/index.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

const log = createLogger('store.migrate');

/**
 * Brings the schema to SCHEMA_VERSION. A database written by a newer
 * Sovereign is refused rather than silently misread.
 */
export async function migrate(db: Surreal, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  await db.query('DEFINE TABLE IF NOT EXISTS meta SCHEMALESS').collect();
  const [rows] = await db.query<[{ version: number }[]]>('SELECT version FROM meta:schema').collect();
  const current = rows[0]?.version ?? 0;
  const latest = migrations[migrations.length - 1]?.version ?? SCHEMA_VERSION;
  if (current > latest) {
    throw new SovereignError(
      'unsupported',
      format(_('This database was written by a newer Sovereign (schema {found}; this version knows {known}).'), {
        found: current,
        known: latest,
      }),
      { hint: _('Update Sovereign to open it.') },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    log.info('applying migration', { version: migration.version, description: migration.description });
    const statements = [...migration.statements, 'UPSERT meta:schema SET version = $version, applied_at = time::now()'];
    await db.query(['BEGIN', ...statements, 'COMMIT'].join(';\n'), { version: migration.version }).collect();
  }
  return latest;
}
