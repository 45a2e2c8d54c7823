import { SovereignError, _ } from '../core/index.js';
// Not the store's index module: the D-Bus service loads this gate before it owns its name, and the store's modules after.
import { PLAIN_FIELDS, sealedFields, type FieldCipher } from '../store/field-cipher.js';
import type { VaultFolders } from './convert-to-vault.js';
import { readVaultFile } from './vault-file.js';
import { vaultLocked } from './vault-locked.js';
import { unlockVault, unlockWithRecoveryKey } from './vault-keys.js';

/** 'plain': no vault here; 'locked': a vault without its data key in memory; 'unlocked': the key is held. */
export type VaultState = 'plain' | 'locked' | 'unlocked';

function notAVault(): SovereignError {
  return new SovereignError('unsupported', _('This workspace is not a vault: there is nothing to lock or unlock.'), {
    hint: _('Create one with `sovereign vault create`.'),
  });
}

/** A cipher that forwards every use to the key held now: its files cipher too, so attachments and index files are refused while locked. */
function gatedCipher(current: () => FieldCipher): FieldCipher {
  return {
    encrypts: true,
    seal: (record, field, plaintext) => current().seal(record, field, plaintext),
    open: (record, field, stored) => current().open(record, field, stored),
    lookupKey: (field, value) => current().lookupKey(field, value),
    get files() {
      return current().files;
    },
  };
}

/**
 * The data key of a long-running process (the window, the D-Bus service):
 * it starts locked and asks no one; Unlock puts the key in memory, Lock
 * drops it. The store is opened once with `cipher`, which forwards to the
 * key while it is held and refuses every read and write while it is not,
 * so nothing can reach the database in the clear or seal with a dropped key.
 */
export class VaultGate {
  private sealed: FieldCipher | undefined;
  private key: Buffer | undefined;
  private readonly listeners = new Set<(state: VaultState) => void>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly folders: VaultFolders,
    private readonly isVault: boolean,
  ) {}

  /** The gate of the workspace in these folders: locked when it holds a vault.json. */
  static async open(folders: VaultFolders): Promise<VaultGate> {
    return new VaultGate(folders, (await readVaultFile(folders.dataDir)) !== null);
  }

  get state(): VaultState {
    if (!this.isVault) return 'plain';
    return this.sealed ? 'unlocked' : 'locked';
  }

  /** The cipher the store is opened with; its methods throw `vaultLocked()` while locked. */
  readonly cipher: FieldCipher = gatedCipher(() => this.current());

  /** PLAIN_FIELDS for a plain workspace, else the gated cipher. */
  storeCipher(): FieldCipher {
    return this.isVault ? this.cipher : PLAIN_FIELDS;
  }

  /**
   * Unlocks with the passphrase. A wrong one gets the CLI's fixed message
   * (nothing says how close it came). Unlocking an unlocked vault checks
   * the passphrase all the same: the answer must not depend on the state.
   */
  async unlock(passphrase: string): Promise<void> {
    if (!this.isVault) throw notAVault();
    this.hold(await unlockVault(this.folders.dataDir, passphrase));
    // A conversion cut short after its switch is completed first, as the CLI's unlock does.
    await finishConversionOf(this.folders);
    this.changed();
  }

  /** Unlocks with the printed recovery key (for a forgotten passphrase). */
  async unlockWithRecoveryKey(recoveryKey: string): Promise<void> {
    if (!this.isVault) throw notAVault();
    this.hold(await unlockWithRecoveryKey(this.folders.dataDir, recoveryKey));
    await finishConversionOf(this.folders);
    this.changed();
  }

  /** Drops the data key (its bytes are overwritten). The caller closes what held plaintext first. */
  lock(): void {
    if (!this.isVault) throw notAVault();
    if (!this.sealed) return;
    this.key?.fill(0);
    this.key = undefined;
    this.sealed = undefined;
    this.changed();
  }

  /** Resolves at once when plain or unlocked, else at the next unlock. */
  whenUnlocked(): Promise<void> {
    if (this.state !== 'locked') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Throws `vaultLocked()` while locked. */
  requireUnlocked(): void {
    if (this.state === 'locked') throw vaultLocked();
  }

  onChange(listener: (state: VaultState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hold(dataKey: Buffer): void {
    this.key?.fill(0);
    this.key = dataKey;
    this.sealed = sealedFields(dataKey);
  }

  private current(): FieldCipher {
    if (!this.sealed) throw vaultLocked();
    return this.sealed;
  }

  private changed(): void {
    const state = this.state;
    if (state !== 'locked') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
    for (const listener of this.listeners) listener(state);
  }
}

/** Imported on unlock: the conversion's modules bring the whole store. */
async function finishConversionOf(folders: VaultFolders): Promise<void> {
  const { finishConversion } = await import('./convert-to-vault.js');
  await finishConversion(folders);
}
