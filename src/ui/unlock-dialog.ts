import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';

/** The process's vault, as the window sees it (the same one D-Bus Unlock and `sovereign vault unlock` reach). */
export interface UiVault {
  isLocked(): boolean;
  /** A wrong passphrase fails with the fixed message of every unlock. */
  unlock(passphrase: string): Promise<void>;
  /** 'plain' (no vault), 'locked' or 'unlocked'. */
  status?(): string;
  /** Saves what is open, drops the workspace and the key (the D-Bus Lock). */
  lock?(): Promise<void>;
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
 */
export function showUnlockDialog(parent: GtkT.Window, vault: UiVault): void {
  const dialog = new Adw.MessageDialog({
    transientFor: parent,
    modal: true,
    hideOnClose: true,
    heading: _('Unlock Sovereign'),
    body: _('This workspace is an encrypted vault. Type its passphrase to open it.'),
  });
  const entry = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Passphrase'), activatesDefault: true });
  setAccessibleLabel(entry, _('Passphrase'));
  dialog.setExtraChild(entry);
  dialog.addResponse('unlock', _('Unlock'));
  dialog.setResponseAppearance('unlock', Adw.ResponseAppearance.SUGGESTED);
  dialog.setDefaultResponse('unlock');
  dialog.setCloseResponse('close');
  dialog.setResponseEnabled('unlock', false);
  entry.on('changed', guard('ui.unlock.changed', undefined, () => dialog.setResponseEnabled('unlock', entry.getText().length > 0)));
  let busy = false;
  const tryUnlock = () => {
    const passphrase = entry.getText();
    if (busy || passphrase.length === 0) return;
    busy = true;
    dialog.setResponseEnabled('unlock', false);
    dialog.setBody(_('Unlocking…'));
    spawnTask('ui.unlock', async () => {
      try {
        await vault.unlock(passphrase);
        dialog.setHideOnClose(false);
        dialog.close();
      } catch (error) {
        entry.setText('');
        dialog.setBody(messageOf(error));
        dialog.present();
        entry.grabFocus();
      } finally {
        busy = false;
      }
    });
  };
  entry.on('activate', guard('ui.unlock.activate', undefined, tryUnlock));
  dialog.on('response', guard('ui.unlock.response', undefined, (response: string) => {
    if (response === 'unlock') tryUnlock();
  }));
  dialog.present();
  entry.grabFocus();
}
