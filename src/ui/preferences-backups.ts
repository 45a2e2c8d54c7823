import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import path from 'node:path';
import { describeSize } from '../backup/index.js';
import { _, format, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import type { UiBackups } from './services.js';

/** Progress redraws at most this often: a backup reports every block it writes. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Preferences › Backups: Back Up Now (asks for a passphrase twice, then
 * shows the bytes written as it goes) and the backups already in the
 * folder, newest first. The same createBackup as `sovereign backup create`.
 */
export function backupsPage(window: AdwT.PreferencesWindow, backups: UiBackups): AdwT.PreferencesPage {
  const page = new Adw.PreferencesPage({ title: _('Backups'), iconName: 'drive-harddisk-symbolic' });
  const now = new Adw.PreferencesGroup({
    title: _('Encrypted Backup'),
    description: _('One file with every document, version, link, conversation and attachment, encrypted with a passphrase. Without the passphrase it cannot be opened.'),
  });
  const row = new Adw.ActionRow({ title: _('Back Up Now'), subtitle: format(_('Saved in {folder}'), { folder: backups.folder }) });
  const button = new Gtk.Button({ label: _('Back Up Now…'), valign: Gtk.Align.CENTER });
  button.addCssClass('suggested-action');
  row.addSuffix(button);
  const progress = new Gtk.ProgressBar({ showText: true, visible: false, marginTop: 6, marginBottom: 6, marginStart: 12, marginEnd: 12 });
  now.add(row);
  now.add(progress);
  page.add(now);

  const listGroup = new Adw.PreferencesGroup({ title: _('Backups') });
  page.add(listGroup);
  let listRows: GtkT.Widget[] = [];
  const refresh = () =>
    spawnTask('prefs.backups.list', async () => {
      const listing = await backups.list();
      for (const old of listRows) listGroup.remove(old);
      listRows =
        listing.length === 0
          ? [new Adw.ActionRow({ title: _('No backups yet') })]
          : [...listing].reverse().map(
              (backup) =>
                new Adw.ActionRow({
                  title: path.basename(backup.file),
                  subtitle: backup.header
                    ? format(_('{date} · {documents} documents · {size}'), { date: new Date(backup.header.createdAt).toLocaleString(), documents: backup.header.documentCount, size: describeSize(backup.bytes) })
                    : (backup.problem ?? ''),
                }),
            );
      for (const added of listRows) listGroup.add(added);
    });
  refresh();

  button.on('clicked', guard('prefs.backups.now', undefined, () => {
    askPassphrase(window, (passphrase) => {
      button.setSensitive(false);
      progress.setVisible(true);
      progress.setText(_('Deriving the key…'));
      progress.pulse();
      let drawn = 0;
      spawnTask('prefs.backups.create', async () => {
        try {
          const created = await backups.create(passphrase, (bytes) => {
            if (performance.now() - drawn < PROGRESS_INTERVAL_MS) return;
            drawn = performance.now();
            progress.pulse();
            progress.setText(format(_('Backing up… {size}'), { size: describeSize(bytes) }));
          });
          row.setSubtitle(format(_('Backed up {documents} documents and {attachments} attachments to {file} ({size})'), {
            documents: created.documents,
            attachments: created.attachments,
            file: path.basename(created.file),
            size: describeSize(created.bytes),
          }));
          refresh();
        } catch (error) {
          row.setSubtitle(format(_('The backup failed: {reason}'), { reason: messageOf(error) }));
        } finally {
          progress.setVisible(false);
          button.setSensitive(true);
        }
      });
    });
  }));
  return page;
}

/** A dialog asking for the passphrase twice; Back Up is enabled only when both match. */
function askPassphrase(parent: GtkT.Window, onChosen: (passphrase: string) => void): void {
  const dialog = new Adw.MessageDialog({
    transientFor: parent,
    modal: true,
    heading: _('Back Up Now'),
    body: _('Choose a passphrase for this backup. Keep it somewhere safe: nobody can restore the backup without it.'),
  });
  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6 });
  const first = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Passphrase') });
  const second = new Gtk.PasswordEntry({ showPeekIcon: true, placeholderText: _('Repeat Passphrase') });
  setAccessibleLabel(first, _('Passphrase'));
  setAccessibleLabel(second, _('Repeat Passphrase'));
  box.append(first);
  box.append(second);
  dialog.setExtraChild(box);
  dialog.addResponse('cancel', _('Cancel'));
  dialog.addResponse('backup', _('Back Up'));
  dialog.setResponseAppearance('backup', Adw.ResponseAppearance.SUGGESTED);
  dialog.setResponseEnabled('backup', false);
  const matches = () => first.getText().length > 0 && first.getText() === second.getText();
  const check = guard('prefs.backups.passphrase', undefined, () => {
    dialog.setResponseEnabled('backup', matches());
  });
  first.on('changed', check);
  second.on('changed', check);
  // Enter moves on to the repeat, and from there backs up when both match.
  first.on('activate', guard('prefs.backups.first', undefined, () => void second.grabFocus()));
  second.on('activate', guard('prefs.backups.second', undefined, () => {
    if (!matches()) return;
    dialog.close();
    onChosen(first.getText());
  }));
  dialog.on('response', guard('prefs.backups.response', undefined, (response: string) => {
    if (response === 'backup' && matches()) onChosen(first.getText());
  }));
  dialog.present();
  first.grabFocus();
}
