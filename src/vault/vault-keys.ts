import { randomBytes } from 'node:crypto';
import { SovereignError, _, format } from '../core/index.js';
import { KEY_LENGTH, derivePassphraseKey, newKdfParams, unwrapDataKey, wrapDataKey, type KdfParams } from '../core/crypto/index.js';
import { VAULT_KDF_COST } from './vault-kdf.js';
import { newRecoveryKey, parseRecoveryKey, printRecoveryKey, recoveryWrappingKey } from './recovery-key.js';
import { VAULT_FORMAT_VERSION, readVaultFile, vaultFilePath, writeVaultFile, type VaultFile } from './vault-file.js';

/** Shortest passphrase a new vault accepts: a floor against an accidental one-letter passphrase, not a strength meter. */
export const MIN_PASSPHRASE_LENGTH = 8;

export interface CreateVaultOptions {
  /** Argon2id cost; tests pass a cheap one, everyone else gets VAULT_KDF_COST. */
  kdfCost?: Omit<KdfParams, 'algorithm' | 'salt'>;
  now?: Date;
}

export interface CreatedVault {
  dataKey: Buffer;
  /** Shown to the user once, in the printed form; never stored. */
  recoveryKey: string;
}

export interface VaultStatus {
  exists: boolean;
  file: string;
  createdAt?: string;
  kdf?: Omit<KdfParams, 'salt'>;
}

/**
 * The parameters a key wrap authenticates: changing the format, the cipher
 * or any Argon2id parameter in vault.json makes the unwrap fail rather than
 * derive a different key that then fails somewhere less clear.
 */
function passphraseWrapAad(vault: Pick<VaultFile, 'format' | 'cipher' | 'kdf'>): Buffer {
  const { kdf } = vault;
  return Buffer.from(['sovereign-vault', vault.format, vault.cipher, kdf.algorithm, kdf.memoryCost, kdf.timeCost, kdf.parallelism, kdf.salt].join('|'));
}

function recoveryWrapAad(vault: Pick<VaultFile, 'format' | 'cipher'>, salt: string): Buffer {
  return Buffer.from(['sovereign-vault-recovery', vault.format, vault.cipher, salt].join('|'));
}

/** One message for every failed unlock: it must not say how close a guess came. */
export function wrongPassphrase(): SovereignError {
  return new SovereignError('permission', _('The vault did not open: the passphrase is wrong, or vault.json was altered.'));
}

function wrongRecoveryKey(): SovereignError {
  return new SovereignError('permission', _('The vault did not open: the recovery key is wrong, or vault.json was altered.'));
}

export function noVault(dataDir: string): SovereignError {
  return new SovereignError('not-found', format(_('There is no vault in {folder}.'), { folder: dataDir }), {
    hint: _('Create one with `sovereign vault create`.'),
  });
}

/** A new passphrase long enough, or the error that says how long it must be. */
export function checkNewPassphrase(passphrase: string): string {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new SovereignError('invalid-input', format(_('The passphrase must have at least {n} characters.'), { n: MIN_PASSPHRASE_LENGTH }));
  }
  return passphrase;
}

async function requireVault(dataDir: string): Promise<VaultFile> {
  const vault = await readVaultFile(dataDir);
  if (!vault) throw noVault(dataDir);
  return vault;
}

function recoveryPart(vault: Pick<VaultFile, 'format' | 'cipher'>, dataKey: Buffer): { recovery: VaultFile['recovery']; printed: string } {
  const key = newRecoveryKey();
  const salt = randomBytes(16).toString('base64');
  const wrap = wrapDataKey(dataKey, recoveryWrappingKey(key, Buffer.from(salt, 'base64')), recoveryWrapAad(vault, salt));
  return { recovery: { salt, wrap: wrap.toString('base64') }, printed: printRecoveryKey(key) };
}

async function passphrasePart(dataKey: Buffer, passphrase: string, cost: Omit<KdfParams, 'algorithm' | 'salt'>): Promise<Pick<VaultFile, 'format' | 'cipher' | 'kdf' | 'passphraseWrap'>> {
  const head = { format: VAULT_FORMAT_VERSION, cipher: 'aes-256-gcm', kdf: newKdfParams(cost) } as const;
  const wrap = wrapDataKey(dataKey, await derivePassphraseKey(passphrase, head.kdf), passphraseWrapAad(head));
  return { ...head, passphraseWrap: wrap.toString('base64') };
}

/** A new vault: a random 256-bit data key, wrapped by the passphrase and by a new recovery key. */
export async function createVault(dataDir: string, passphrase: string, options: CreateVaultOptions = {}): Promise<CreatedVault> {
  checkNewPassphrase(passphrase);
  if (await readVaultFile(dataDir)) {
    throw new SovereignError('already-exists', format(_('{file} already exists: this workspace is a vault already.'), { file: vaultFilePath(dataDir) }));
  }
  const dataKey = randomBytes(KEY_LENGTH);
  const head = await passphrasePart(dataKey, passphrase, options.kdfCost ?? VAULT_KDF_COST);
  const { recovery, printed } = recoveryPart(head, dataKey);
  await writeVaultFile(dataDir, { ...head, recovery, createdAt: (options.now ?? new Date()).toISOString() });
  return { dataKey, recoveryKey: printed };
}

/** The data key, for a passphrase that opens the vault. */
export async function unlockVault(dataDir: string, passphrase: string): Promise<Buffer> {
  const vault = await requireVault(dataDir);
  return unlockWith(vault, passphrase);
}

async function unlockWith(vault: VaultFile, passphrase: string): Promise<Buffer> {
  const key = await derivePassphraseKey(passphrase, vault.kdf);
  const dataKey = unwrapDataKey(Buffer.from(vault.passphraseWrap, 'base64'), key, passphraseWrapAad(vault));
  if (!dataKey || dataKey.length !== KEY_LENGTH) throw wrongPassphrase();
  return dataKey;
}

/** The data key from the printed recovery key. */
export async function unlockWithRecoveryKey(dataDir: string, recoveryKey: string): Promise<Buffer> {
  const vault = await requireVault(dataDir);
  const wrapping = recoveryWrappingKey(parseRecoveryKey(recoveryKey), Buffer.from(vault.recovery.salt, 'base64'));
  const dataKey = unwrapDataKey(Buffer.from(vault.recovery.wrap, 'base64'), wrapping, recoveryWrapAad(vault, vault.recovery.salt));
  if (!dataKey || dataKey.length !== KEY_LENGTH) throw wrongRecoveryKey();
  return dataKey;
}

/**
 * Re-wraps the same data key under a new passphrase (new salt too): nothing
 * encrypted with the data key changes, so this takes one key derivation,
 * not a pass over every document. The recovery key keeps working.
 */
export async function changePassphrase(dataDir: string, current: string, next: string, options: Pick<CreateVaultOptions, 'kdfCost'> = {}): Promise<void> {
  checkNewPassphrase(next);
  const vault = await requireVault(dataDir);
  const dataKey = await unlockWith(vault, current);
  const { format: _format, cipher: _cipher, kdf, passphraseWrap } = await passphrasePart(dataKey, next, options.kdfCost ?? costOf(vault.kdf));
  await writeVaultFile(dataDir, { ...vault, kdf, passphraseWrap });
}

/**
 * A new passphrase for someone who forgot theirs, proven by the printed
 * recovery key: the same data key is re-wrapped (nothing is re-encrypted)
 * and the recovery key keeps working.
 */
export async function resetPassphrase(dataDir: string, recoveryKey: string, next: string, options: Pick<CreateVaultOptions, 'kdfCost'> = {}): Promise<void> {
  checkNewPassphrase(next);
  const vault = await requireVault(dataDir);
  const dataKey = await unlockWithRecoveryKey(dataDir, recoveryKey);
  const { kdf, passphraseWrap } = await passphrasePart(dataKey, next, options.kdfCost ?? costOf(vault.kdf));
  await writeVaultFile(dataDir, { ...vault, kdf, passphraseWrap });
}

/** A new recovery key replacing the old one (which stops working); the passphrase proves who asks. */
export async function replaceRecoveryKey(dataDir: string, passphrase: string): Promise<string> {
  const vault = await requireVault(dataDir);
  const dataKey = await unlockWith(vault, passphrase);
  const { recovery, printed } = recoveryPart(vault, dataKey);
  await writeVaultFile(dataDir, { ...vault, recovery });
  return printed;
}

export async function vaultStatus(dataDir: string): Promise<VaultStatus> {
  const vault = await readVaultFile(dataDir);
  const file = vaultFilePath(dataDir);
  if (!vault) return { exists: false, file };
  return { exists: true, file, createdAt: vault.createdAt, kdf: { algorithm: vault.kdf.algorithm, ...costOf(vault.kdf) } };
}

function costOf(kdf: KdfParams): Omit<KdfParams, 'algorithm' | 'salt'> {
  return { memoryCost: kdf.memoryCost, timeCost: kdf.timeCost, parallelism: kdf.parallelism };
}
