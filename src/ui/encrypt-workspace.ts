import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _ } from '../core/index.js';
import { Gio } from './gi.js';
import { guard } from './guard.js';
import { showNewPassphraseDialog } from './new-passphrase-dialog.js';
import type { UiVault } from './unlock-dialog.js';

/** The application action behind the first run's "Encrypt with a Passphrase…" (enabled only in a plain workspace). */
export const ENCRYPT_WORKSPACE_ACTION = 'encrypt-workspace';

/**
 * Says what encrypting does and asks the new passphrase twice; then the
 * app restarts to convert the workspace (UiVault.encryptWorkspace). The
 * same dialog from Preferences › Vault and from the first run.
 */
export function showEncryptWorkspaceDialog(parent: GtkT.Window, encrypt: (passphrase: string) => Promise<void>): void {
  showNewPassphraseDialog(parent, {
    heading: _('Encrypt This Workspace'),
    body: _('Every document, attachment, conversation and index is sealed under the passphrase you choose here. Sovereign then restarts to convert the workspace, and shows a recovery key once: write it down, it is the only way in if the passphrase is forgotten. Until the sealed copy is complete the workspace stays as it is.'),
    askCurrent: false,
    dismissLabel: _('Cancel'),
    applyLabel: _('Encrypt and Restart'),
    busyText: _('Restarting to encrypt the workspace…'),
    apply: (_current, next) => encrypt(next),
    changed: () => undefined,
  });
}

/** app.encrypt-workspace, over the main window; enabled only while the workspace is plain (fixed when the process starts). */
export function addEncryptWorkspaceAction(application: AdwT.Application, vault: UiVault, parent: () => GtkT.Window | undefined): void {
  const encrypt = vault.encryptWorkspace?.bind(vault);
  const action = new Gio.SimpleAction({ name: ENCRYPT_WORKSPACE_ACTION });
  action.setEnabled(encrypt !== undefined && vault.status?.() === 'plain');
  action.on('activate', guard(`app.${ENCRYPT_WORKSPACE_ACTION}`, undefined, () => {
    const window = parent();
    if (encrypt && window) showEncryptWorkspaceDialog(window, encrypt);
  }));
  application.addAction(action);
}
