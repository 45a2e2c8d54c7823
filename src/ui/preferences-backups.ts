import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import path from 'node:path';
import { describeSize } from '../backup/index.js';
import { _, format, messageOf } from '../core/index.js';
import { askPassphrase } from './backup-passphrase-dialog.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import { backupScheduleGroup } from './preferences-backup-schedule.js';
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
  page.add(backupScheduleGroup(window, backups));

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
    askPassphrase(window, { heading: _('Back Up Now'), body: _('Choose a passphrase for this backup. Keep it somewhere safe: nobody can restore the backup without it.'), confirm: _('Back Up') }, (passphrase) => {
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
