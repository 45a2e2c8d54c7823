import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { messageOf } from '../core/index.js';
import { Gio } from './gi.js';
import { guard, spawnTask } from './guard.js';
import type { UiSettings } from './settings.js';
import type { UiVault } from './unlock-dialog.js';
import { VaultIdleLock } from './vault-idle-lock.js';

/** The application action that locks the vault (its menu item hides while there is no unlocked vault). */
export const LOCK_VAULT_ACTION = 'lock-vault';

/** Lock Vault (the primary menu, Ctrl+Alt+L): the same lock as D-Bus Lock; enabled only while a vault is unlocked. */
export function addLockVaultAction(application: AdwT.Application, vault: UiVault, toast: (message: string) => void): void {
  const action = new Gio.SimpleAction({ name: LOCK_VAULT_ACTION });
  const follow = () => action.setEnabled(vault.status?.() === 'unlocked' && vault.lock !== undefined);
  follow();
  vault.onChange?.(guard('ui.lock-vault.enabled', undefined, follow));
  action.on('activate', guard(`app.${LOCK_VAULT_ACTION}`, undefined, () => {
    const lock = vault.lock?.bind(vault);
    if (!lock) return;
    spawnTask('ui.lock-vault', async () => {
      try {
        await lock();
      } catch (error) {
        toast(messageOf(error));
      }
    });
  }));
  application.addAction(action);
}

/**
 * A vault locks itself after the idle minutes of Preferences › Vault, and
 * when the screen locks; `eachWindow` hands it every main window, whose
 * input counts as use. Nothing for a plain workspace.
 */
export function startIdleLock(vault: UiVault, settings: UiSettings, eachWindow: (watch: (window: GtkT.Window) => void) => void, lastRequestAt?: () => number): void {
  const lock = vault.lock?.bind(vault);
  if (!lock || !vault.status || !vault.onChange || vault.status() === 'plain') return;
  const idle = new VaultIdleLock({ settings, isUnlocked: () => vault.status?.() === 'unlocked', lock, ...(lastRequestAt ? { lastRequestAt } : {}) });
  eachWindow((window) => idle.watch(window));
  vault.onChange(guard('ui.idle-lock.changed', undefined, () => {
    if (vault.status?.() === 'unlocked') idle.restart();
  }));
}
