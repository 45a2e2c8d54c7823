import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';

export interface NewPassphraseDialogOptions {
  heading: string;
  body: string;
  /** Asks for the current passphrase too (Change Passphrase…); after a recovery-key unlock it is not known. */
  askCurrent: boolean;
  /** The label of the button that leaves without a change ("Cancel", "Not Now"). */
  dismissLabel: string;
  /** The label of the button that applies (default "Set Passphrase"). */
  applyLabel?: string;
  /** Shown while `apply` runs (default "Changing the passphrase…"). */
  busyText?: string;
  /** Re-wraps the data key; its error is shown in the dialog, which stays. */
  apply(current: string, next: string): Promise<void>;
  /** After the change is written. */
  changed(): void;
}

/**
 * Asks for a new vault passphrase twice (and the current one when given):
 * the two must match before the key is re-wrapped; a wrong current one or a
 * too short new one is said in the dialog, which stays open to try again.
 */
export function showNewPassphraseDialog(parent: GtkT.Window, options: NewPassphraseDialogOptions): void {
  const dialog = new Adw.MessageDialog({ transientFor: parent, modal: true, hideOnClose: true, title: options.heading, heading: options.heading, body: options.body });
  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8 });
  const entry = (label: string) => {
    const field = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: label, activatesDefault: true });
    setAccessibleLabel(field, label);
    box.append(field);
    return field;
  };
  const current = options.askCurrent ? entry(_('Current Passphrase')) : undefined;
  const next = entry(_('New Passphrase'));
  const repeat = entry(_('Repeat New Passphrase'));
  dialog.setExtraChild(box);
  dialog.addResponse('dismiss', options.dismissLabel);
  dialog.addResponse('apply', options.applyLabel ?? _('Set Passphrase'));
  dialog.setResponseAppearance('apply', Adw.ResponseAppearance.SUGGESTED);
  dialog.setDefaultResponse('apply');
  dialog.setCloseResponse('dismiss');
  const fields = [current, next, repeat].filter((field): field is GtkT.PasswordEntry => field !== undefined);
  const filled = () => fields.every((field) => field.getText().length > 0);
  dialog.setResponseEnabled('apply', false);
  for (const field of fields) field.on('changed', guard('ui.new-passphrase.changed', undefined, () => dialog.setResponseEnabled('apply', filled())));
  let busy = false;
  const stay = (message: string) => {
    dialog.setBody(message);
    dialog.present();
  };
  const apply = () => {
    if (busy || !filled()) return;
    if (next.getText() !== repeat.getText()) {
      repeat.setText('');
      stay(_('The two new passphrases differ. Type the new one again.'));
      repeat.grabFocus();
      return;
    }
    busy = true;
    dialog.setResponseEnabled('apply', false);
    stay(options.busyText ?? _('Changing the passphrase…'));
    spawnTask('ui.new-passphrase', async () => {
      try {
        await options.apply(current?.getText() ?? '', next.getText());
        dialog.setHideOnClose(false);
        dialog.close();
        options.changed();
      } catch (error) {
        stay(messageOf(error));
        (current ?? next).grabFocus();
      } finally {
        busy = false;
        dialog.setResponseEnabled('apply', filled());
      }
    });
  };
  for (const field of fields) field.on('activate', guard('ui.new-passphrase.activate', undefined, apply));
  dialog.on('response', guard('ui.new-passphrase.response', undefined, (response: string) => {
    if (response === 'apply') {
      // Adwaita hid the dialog: it comes back with the outcome.
      dialog.present();
      apply();
    } else {
      dialog.setHideOnClose(false);
      dialog.close();
    }
  }));
  dialog.present();
  (current ?? next).grabFocus();
}
