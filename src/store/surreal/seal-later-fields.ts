import type { RecordId, Surreal } from 'surrealdb';
import { createLogger } from '../../core/index.js';
import { hasSealedForm, type FieldCipher } from '../field-cipher.js';
import { documentRecordName } from './document-rows.js';
import { keyOf } from './ids.js';
import { databaseError } from './session.js';
import { runBatches } from './seal-records.js';

const log = createLogger('store.vault');

/**
 * Fields a vault began to seal after vaults existed, by the version of the
 * vault's field layout that seals them. Version 1: the content hashes of a
 * document (its attachment's media_ref and its original's hash), which tell
 * anyone holding the same file that the vault holds it too.
 */
const LATER_SEALED: readonly { version: number; fields: readonly ('media_ref' | 'provenance.original_hash')[] }[] = [{ version: 1, fields: ['media_ref', 'provenance.original_hash'] }];
export const VAULT_FIELDS_VERSION = LATER_SEALED[LATER_SEALED.length - 1]!.version;

interface HashRow {
  id: RecordId;
  media_ref?: string;
  provenance?: { original_hash?: string };
}

function valueOf(row: HashRow, field: 'media_ref' | 'provenance.original_hash'): string | undefined {
  return field === 'media_ref' ? row.media_ref : row.provenance?.original_hash;
}

/**
 * Brings a vault opened by this version up to its field layout: the values
 * of the fields sealed since the vault was made are sealed in place, once.
 * Until meta:vault_fields records the version, a plain value there is an
 * older version's and is sealed (a value of sealed form is left: a run cut
 * short is redone from where it stopped); afterwards a plain value is as
 * loud as a forged one (FieldCipher.open). The old plain values stay in the
 * engine's files until it compacts them; a vault made by conversion or
 * created empty never had them.
 */
export async function sealLaterFields(db: Surreal, cipher: FieldCipher): Promise<void> {
  if (!cipher.encrypts) return;
  try {
    const [marks] = await db.query<[{ version: number }[]]>('SELECT version FROM meta:vault_fields').collect();
    const current = marks[0]?.version ?? 0;
    if (current >= VAULT_FIELDS_VERSION) return;
    const fields = [...new Set(LATER_SEALED.filter((step) => step.version > current).flatMap((step) => step.fields))];
    const [rows] = await db.query<[HashRow[]]>('SELECT id, media_ref, provenance.original_hash FROM document').collect();
    const updates = (rows ?? []).flatMap((row) => {
      const record = documentRecordName(keyOf(row.id));
      const sets: string[] = [];
      const vars: Record<string, unknown> = { id: row.id };
      fields.forEach((field, index) => {
        const value = valueOf(row, field);
        if (value === undefined || hasSealedForm(value)) return;
        // Field names are the constants above, never user text.
        sets.push(`${field} = $f${index}`);
        vars[`f${index}`] = cipher.seal(record, field, value);
      });
      return sets.length === 0 ? [] : [{ sql: 'UPDATE $id SET ' + sets.join(', '), vars }];
    });
    if (updates.length > 0) log.info('sealing fields a vault now keeps sealed', { fields, documents: updates.length });
    await runBatches(db, updates);
    await db.query('UPSERT meta:vault_fields SET version = $version, applied_at = time::now()', { version: VAULT_FIELDS_VERSION }).collect();
  } catch (error) {
    throw databaseError(error);
  }
}
