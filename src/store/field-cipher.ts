import { createHmac, hkdfSync } from 'node:crypto';
import { SovereignError, _, format } from '../core/index.js';
import { FileCipher, openValue, sealValue } from '../core/crypto/index.js';

/**
 * How the store's row mapping turns the fields that carry a person's words
 * (titles, content, messages, event payloads) into what is written to disk,
 * and back. Each sealed value names its record and field as AES-GCM
 * additional data, so a value copied onto another record, or edited on
 * disk, fails to open with an error that names the record: never a document
 * that silently reads as another one's text.
 */
export interface FieldCipher {
  /** False for a plain workspace: no field is changed, and title order and prefix still come from the engine. */
  readonly encrypts: boolean;
  seal(record: string, field: string, plaintext: string): string;
  open(record: string, field: string, stored: string): string;
  /**
   * What the engine looks a value up by (a thread's lower-cased name):
   * plain, the value itself; in a vault, a keyed hash (HMAC-SHA256 under a
   * key derived from the data key), which finds equal values and says
   * nothing else about them.
   */
  lookupKey(field: string, value: string): string;
  /** A vault's cipher for whole files beside the store (attachments, index files); null in a plain workspace. */
  readonly files: FileCipher | null;
}

export const PLAIN_FIELDS: FieldCipher = {
  encrypts: false,
  seal: (_record, _field, plaintext) => plaintext,
  open: (_record, _field, stored) => stored,
  lookupKey: (_field, value) => value,
  files: null,
};

/** Marks a sealed value (and its layout version): base64 of nonce, ciphertext, tag. */
const SEALED_PREFIX = 'sv1:';

/** Whether a stored value has a sealed value's form (not whether it opens): what the vault's field migration leaves alone. */
export function hasSealedForm(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

function aad(record: string, field: string): Buffer {
  return Buffer.from(`${record}#${field}`, 'utf8');
}

export function sealedFields(dataKey: Buffer): FieldCipher {
  const lookup = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'sovereign vault lookup key', 32));
  return {
    encrypts: true,
    files: new FileCipher(dataKey),
    lookupKey(field, value) {
      return 'hk1:' + createHmac('sha256', lookup).update(`${field}\0${value}`, 'utf8').digest('base64');
    },
    seal(record, field, plaintext) {
      return SEALED_PREFIX + sealValue(dataKey, Buffer.from(plaintext, 'utf8'), aad(record, field)).toString('base64');
    },
    open(record, field, stored) {
      // A plain value in a vault was written by someone without the key: as loud as a forged one.
      const plaintext = stored.startsWith(SEALED_PREFIX) ? openValue(dataKey, Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64'), aad(record, field)) : null;
      if (plaintext === null) throw forgedField(record, field);
      return plaintext.toString('utf8');
    },
  };
}

export function forgedField(record: string, field: string): SovereignError {
  return new SovereignError(
    'database',
    format(_('The {field} of {record} failed authentication: it was changed on disk or copied from another record.'), { field, record }),
    { hint: _('Nothing was read from it. Restore the workspace from a backup.'), detail: { record, field } },
  );
}
