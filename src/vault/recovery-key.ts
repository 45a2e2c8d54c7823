import { hkdfSync, randomBytes } from 'node:crypto';
import { SovereignError, _ } from '../core/index.js';
import { KEY_LENGTH } from '../core/crypto/index.js';

/**
 * The recovery key: 160 random bits, shown once as 8 groups of 5 hex digits
 * ("3f9a0-…"). Hex because it is read off paper: no O/0 or l/1 to confuse,
 * and case does not matter. 160 bits cannot be guessed, so it needs no slow
 * key derivation; HKDF-SHA256 with the file's salt stretches it to a 256-bit
 * wrapping key.
 */
const RECOVERY_BYTES = 20;
const GROUP = 5;

export function newRecoveryKey(): Buffer {
  return randomBytes(RECOVERY_BYTES);
}

export function printRecoveryKey(key: Buffer): string {
  const hex = key.toString('hex');
  const groups: string[] = [];
  for (let at = 0; at < hex.length; at += GROUP) groups.push(hex.slice(at, at + GROUP));
  return groups.join('-');
}

/** Accepts the printed form with any spacing, dashes or case. */
export function parseRecoveryKey(text: string): Buffer {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex) || hex.length !== RECOVERY_BYTES * 2) {
    throw new SovereignError('invalid-input', _('That is not a recovery key: it has 8 groups of 5 characters, 0-9 and a-f.'));
  }
  return Buffer.from(hex, 'hex');
}

export function recoveryWrappingKey(recoveryKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', recoveryKey, salt, 'sovereign vault recovery key', KEY_LENGTH));
}
