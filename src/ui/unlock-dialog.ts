import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import { showNewPassphraseDialog } from './new-passphrase-dialog.js';
import type { VaultStatus } from '../vault/vault-keys.js';

/** The process's vault, as the window sees it (the same one D-Bus Unlock and `sovereign vault unlock` reach). */
export interface UiVault {
  isLocked(): boolean;
  /** A wrong passphrase fails with the fixed message of every unlock. */
  unlock(passphrase: string): Promise<void>;
  /** 'plain' (no vault), 'locked' or 'unlocked'. */
  status?(): string;
  /** Saves what is open, drops the workspace and the key (the D-Bus Lock). */
  lock?(): Promise<void>;
  /** Unlocks with the printed recovery key; a wrong one fails with a fixed message. */
  unlockWithRecoveryKey?(recoveryKey: string): Promise<void>;
  /** A new passphrase proven by the recovery key. */
  resetPassphrase?(recoveryKey: string, next: string): Promise<void>;
  /** A new passphrase proven by the current one (the data key is re-wrapped, nothing re-encrypted). */
  changePassphrase?(current: string, next: string): Promise<void>;
  /** A new recovery key, proven by the passphrase; the old one stops working. */
  replaceRecoveryKey?(passphrase: string): Promise<string>;
  /** The vault file and its Argon2id parameters. */
  describe?(): Promise<VaultStatus>;
  /** A plain workspace becomes a vault under this passphrase: a new process converts it and this one quits. */
  encryptWorkspace?(passphrase: string): Promise<void>;
  /** Called at every lock and unlock, whoever asked for it (the window, D-Bus, `sovereign vault lock`). */
  onChange?(listener: () => void): () => void;
  /** Runs `hook` at each lock while the key is still held, before the workspace closes. */
  beforeLock?(hook: () => Promise<void>): () => void;
}

/**
 * The dialog over a locked window: the workspace stays behind its spinner
 * until the passphrase is right. A wrong one shows the fixed message under
 * the entry and keeps the dialog (hidden on response, shown again), so the
 * person simply types again; closing it leaves the window locked.
 * "Use Recovery Key…" switches the entry to the printed recovery key; after
 * it unlocked, a new passphrase is offered (the old one is forgotten).
 */
export function showUnlockDialog(parent: GtkT.Window, vault: UiVault): void {
  const dialog = new Adw.MessageDialog({
    transientFor: parent,
    modal: true,
    hideOnClose: true,
    title: _('Unlock Sovereign'),
    heading: _('Unlock Sovereign'),
    body: PASSPHRASE_BODY(),
  });
  const passphraseEntry = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Passphrase'), activatesDefault: true });
  setAccessibleLabel(passphraseEntry, _('Passphrase'));
  // Read off paper, so shown as typed.
  const recoveryEntry = new Gtk.Entry({ placeholderText: RECOVERY_PLACEHOLDER, activatesDefault: true, widthChars: 47 });
  recoveryEntry.addCssClass('monospace');
  setAccessibleLabel(recoveryEntry, _('Recovery Key'));
  let withRecoveryKey = false;
  const entry = () => (withRecoveryKey ? recoveryEntry : passphraseEntry);
  dialog.setExtraChild(passphraseEntry);
  const recovery = vault.unlockWithRecoveryKey?.bind(vault);
  if (recovery) dialog.addResponse('switch', _('Use Recovery Key…'));
  dialog.addResponse('unlock', _('Unlock'));
  dialog.setResponseAppearance('unlock', Adw.ResponseAppearance.SUGGESTED);
  dialog.setDefaultResponse('unlock');
  dialog.setCloseResponse('close');
  dialog.setResponseEnabled('unlock', false);
  for (const field of [passphraseEntry, recoveryEntry]) {
    field.on('changed', guard('ui.unlock.changed', undefined, () => dialog.setResponseEnabled('unlock', entry().getText().length > 0)));
  }
  const switchEntry = () => {
    withRecoveryKey = !withRecoveryKey;
    dialog.setExtraChild(entry());
    dialog.setBody(withRecoveryKey ? _('Type the recovery key printed when the vault was made: 8 groups of 5 characters.') : PASSPHRASE_BODY());
    dialog.setResponseLabel('switch', withRecoveryKey ? _('Use Passphrase…') : _('Use Recovery Key…'));
    dialog.setResponseEnabled('unlock', entry().getText().length > 0);
    dialog.present();
    entry().grabFocus();
  };
  let busy = false;
  const tryUnlock = () => {
    const secret = entry().getText();
    if (busy || secret.length === 0) return;
    busy = true;
    const usedRecoveryKey = withRecoveryKey;
    dialog.setResponseEnabled('unlock', false);
    dialog.setBody(_('Unlocking…'));
    spawnTask('ui.unlock', async () => {
      try {
        if (usedRecoveryKey && recovery) await recovery(secret);
        else await vault.unlock(secret);
        dialog.setHideOnClose(false);
        dialog.close();
        if (usedRecoveryKey) offerNewPassphrase(parent, vault, secret);
      } catch (error) {
        entry().setText('');
        dialog.setBody(messageOf(error));
        dialog.present();
        entry().grabFocus();
      } finally {
        busy = false;
      }
    });
  };
  for (const field of [passphraseEntry, recoveryEntry]) field.on('activate', guard('ui.unlock.activate', undefined, tryUnlock));
  dialog.on('response', guard('ui.unlock.response', undefined, (response: string) => {
    if (response === 'unlock') tryUnlock();
    else if (response === 'switch') switchEntry();
  }));
  dialog.present();
  passphraseEntry.grabFocus();
}

const PASSPHRASE_BODY = () => _('This workspace is an encrypted vault. Type its passphrase to open it.');
const RECOVERY_PLACEHOLDER = '00000-00000-00000-00000-00000-00000-00000-00000';

/** After a recovery-key unlock the passphrase is probably forgotten: offer to set a new one, proven by the same key. */
function offerNewPassphrase(parent: GtkT.Window, vault: UiVault, recoveryKey: string): void {
  const reset = vault.resetPassphrase?.bind(vault);
  if (!reset) return;
  showNewPassphraseDialog(parent, {
    heading: _('Set a New Passphrase?'),
    body: _('The vault is open with its recovery key. Choose a new passphrase for the next unlock; the recovery key keeps working.'),
    askCurrent: false,
    dismissLabel: _('Not Now'),
    apply: (_current, next) => reset(recoveryKey, next),
    changed: () => undefined,
  });
}
