import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _ } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gtk } from './gi.js';
import { guard } from './guard.js';

export interface PassphraseDialogText {
  heading: string;
  body: string;
  /** The label of the button that accepts. */
  confirm: string;
}

/** A dialog asking for a new passphrase twice; its confirm button is enabled only when both match. */
export function askPassphrase(parent: GtkT.Window, text: PassphraseDialogText, onChosen: (passphrase: string) => void, onCancelled: () => void = () => undefined): void {
  const dialog = new Adw.MessageDialog({ transientFor: parent, modal: true, heading: text.heading, body: text.body });
  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6 });
  const first = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Passphrase') });
  const second = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Repeat Passphrase') });
  setAccessibleLabel(first, _('Passphrase'));
  setAccessibleLabel(second, _('Repeat Passphrase'));
  box.append(first);
  box.append(second);
  dialog.setExtraChild(box);
  dialog.addResponse('cancel', _('Cancel'));
  dialog.addResponse('backup', text.confirm);
  dialog.setResponseAppearance('backup', Adw.ResponseAppearance.SUGGESTED);
  dialog.setResponseEnabled('backup', false);
  const matches = () => first.getText().length > 0 && first.getText() === second.getText();
  // Exactly one outcome: closing the dialog after a choice also emits a (close) response.
  let settled = false;
  const choose = () => {
    if (settled) return;
    settled = true;
    onChosen(first.getText());
  };
  const cancel = () => {
    if (settled) return;
    settled = true;
    onCancelled();
  };
  const check = guard('prefs.backups.passphrase', undefined, () => {
    dialog.setResponseEnabled('backup', matches());
  });
  first.on('changed', check);
  second.on('changed', check);
  // Enter moves on to the repeat, and from there backs up when both match.
  first.on('activate', guard('prefs.backups.first', undefined, () => void second.grabFocus()));
  second.on('activate', guard('prefs.backups.second', undefined, () => {
    if (!matches()) return;
    choose();
    dialog.close();
  }));
  dialog.on('response', guard('prefs.backups.response', undefined, (response: string) => {
    if (response === 'backup' && matches()) choose();
    else cancel();
  }));
  dialog.present();
  first.grabFocus();
}
