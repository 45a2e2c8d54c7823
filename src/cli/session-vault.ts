import type { VaultControl } from '../dbus/ports.js';
import { VaultGate } from '../vault/vault-gate.js';
import { changePassphrase, checkNewPassphrase, replaceRecoveryKey, resetPassphrase, vaultStatus, type VaultStatus } from '../vault/vault-keys.js';
import type { CliContext } from './context.js';
import { closeWorkspaceSession, useVaultGate } from './workspace-session.js';

/**
 * The vault of a long-running process (the D-Bus service and the window
 * beside it): it starts locked, without the data key and without opening
 * the store. Unlock holds the key; the workspace session opens on the next
 * request. Lock first ends the session (open documents saved as versions
 * while the key is still held; the model, the search index and their
 * plaintext dropped from memory), then overwrites the key.
 */
const vaults = new WeakMap<CliContext, Promise<SessionVault>>();

export class SessionVault implements VaultControl {
  private readonly beforeLockHooks = new Set<() => Promise<void>>();
  private locking: Promise<void> | undefined;

  private constructor(
    private readonly ctx: CliContext,
    readonly gate: VaultGate,
  ) {}

  /**
   * The process's one vault, made before anything opens the workspace
   * session (the window opens it before the service starts): the window
   * and the service share its key and its state.
   */
  static open(ctx: CliContext): Promise<SessionVault> {
    let vault = vaults.get(ctx);
    if (!vault) {
      vault = VaultGate.open(ctx.paths).then((gate) => {
        useVaultGate(ctx, gate);
        return new SessionVault(ctx, gate);
      });
      vaults.set(ctx, vault);
    }
    return vault;
  }

  status(): string {
    return this.gate.state;
  }

  isLocked(): boolean {
    return this.gate.state === 'locked';
  }

  unlock(passphrase: string): Promise<void> {
    return this.gate.unlock(passphrase);
  }

  unlockWithRecoveryKey(recoveryKey: string): Promise<void> {
    return this.gate.unlockWithRecoveryKey(recoveryKey);
  }

  /** Re-wraps the data key under a new passphrase (`sovereign vault change-passphrase`). */
  changePassphrase(current: string, next: string): Promise<void> {
    return changePassphrase(this.ctx.paths.dataDir, current, next);
  }

  /** A new passphrase proven by the recovery key (`sovereign vault reset-passphrase`). */
  resetPassphrase(recoveryKey: string, next: string): Promise<void> {
    return resetPassphrase(this.ctx.paths.dataDir, recoveryKey, next);
  }

  /** A new recovery key; the old one stops working (`sovereign vault recovery-key`). */
  replaceRecoveryKey(passphrase: string): Promise<string> {
    return replaceRecoveryKey(this.ctx.paths.dataDir, passphrase);
  }

  /**
   * Makes this plain workspace a vault: what the window's editors hold is
   * saved, then a new process converts the workspace and this one quits
   * (src/cli/vault-conversion.ts says why it cannot be done here).
   */
  async encryptWorkspace(passphrase: string): Promise<void> {
    checkNewPassphrase(passphrase);
    for (const hook of [...this.beforeLockHooks]) await hook();
    const { handOverConversion } = await import('./vault-conversion.js');
    handOverConversion(this.ctx, passphrase);
  }

  /** The vault file and its Argon2id parameters (`sovereign vault status`). */
  describe(): Promise<VaultStatus> {
    return vaultStatus(this.ctx.paths.dataDir);
  }

  /** A second Lock while one runs waits for that one rather than close the session twice. */
  lock(): Promise<void> {
    this.locking ??= this.lockNow().finally(() => {
      this.locking = undefined;
    });
    return this.locking;
  }

  private async lockNow(): Promise<void> {
    if (this.gate.state === 'plain') {
      this.gate.lock(); // throws: there is no vault to lock
      return;
    }
    if (this.gate.state === 'locked') return;
    // The window first puts what its editors hold into the session and lets go of the services, while the key is still held.
    for (const hook of [...this.beforeLockHooks]) await hook();
    await closeWorkspaceSession(this.ctx);
    this.gate.lock();
  }

  /**
   * Runs `hook` at each lock, before the workspace session ends: the
   * window saves its editors' text and drops what showed the documents.
   */
  beforeLock(hook: () => Promise<void>): () => void {
    this.beforeLockHooks.add(hook);
    return () => this.beforeLockHooks.delete(hook);
  }

  onChange(listener: () => void): () => void {
    return this.gate.onChange(() => listener());
  }
}
