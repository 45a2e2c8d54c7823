import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type { BackupInterval, ScheduleStatus } from '../backup/index.js';
import { _, format, messageOf } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { askPassphrase } from './backup-passphrase-dialog.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import type { UiBackups } from './services.js';

const INTERVALS: readonly { id: BackupInterval; label: string }[] = [
  { id: 'daily', label: _('Every Day') },
  { id: 'weekly', label: _('Every Week') },
];

/**
 * Preferences › Backups › Scheduled Backups: a switch, how often (every day
 * by default) and how many to keep. The first time it is switched on it
 * asks for a backup passphrase, which seals the schedule's private key; the
 * backups themselves then need none. The same turnScheduleOn as
 * `sovereign backup schedule on`.
 */
export function backupScheduleGroup(window: GtkT.Window, backups: UiBackups): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({
    title: _('Scheduled Backups'),
    description: _('Back up by itself, without asking for the passphrase each time. The passphrase is needed to restore.'),
  });
  const switchRow = new Adw.ActionRow({ title: _('Back Up Automatically') });
  const toggle = new Gtk.Switch({ valign: Gtk.Align.CENTER, sensitive: false });
  switchRow.addSuffix(toggle);
  switchRow.setActivatableWidget(toggle);
  group.add(switchRow);

  const every = new Adw.ComboRow({ title: _('Frequency') });
  every.setModel(Gtk.StringList.new(INTERVALS.map((interval) => interval.label)));
  group.add(every);
  const keepRow = new Adw.ActionRow({ title: _('Keep'), subtitle: _('The newest scheduled backups; older ones are removed, backups made by hand never') });
  const keep = Gtk.SpinButton.newWithRange(1, 1000, 1);
  keep.setValign(Gtk.Align.CENTER);
  setAccessibleLabel(keep, _('Scheduled backups to keep'));
  keepRow.addSuffix(keep);
  group.add(keepRow);

  let status: ScheduleStatus | undefined;
  // Set while the widgets are changed from the status, so their signals do not write it back.
  let showing = false;
  const show = (shown: ScheduleStatus) => {
    status = shown;
    showing = true;
    toggle.setActive(shown.enabled);
    every.setSelected(Math.max(0, INTERVALS.findIndex((interval) => interval.id === shown.every)));
    keep.setValue(shown.keep);
    showing = false;
    toggle.setSensitive(true);
    switchRow.setSubtitle(
      shown.enabled
        ? shown.runner === 'systemd'
          ? _('A systemd timer starts them, even while Sovereign is closed')
          : _('Sovereign starts them while it runs')
        : '',
    );
  };
  const apply = (enabled: boolean, passphrase?: string) =>
    spawnTask('prefs.backups.schedule', async () => {
      toggle.setSensitive(false);
      try {
        show(
          await backups.setSchedule(enabled, {
            every: INTERVALS[every.getSelected()]?.id ?? 'daily',
            keep: keep.getValueAsInt(),
            ...(passphrase !== undefined ? { passphrase } : {}),
          }),
        );
      } catch (error) {
        if (status) show(status);
        switchRow.setSubtitle(format(_('Could not change the schedule: {reason}'), { reason: messageOf(error) }));
      }
    });

  toggle.on('notify::active', guard('prefs.backups.schedule-switch', undefined, () => {
    if (showing || status === undefined || toggle.getActive() === status.enabled) return;
    if (!toggle.getActive() || status.hasKey) {
      apply(toggle.getActive());
      return;
    }
    askPassphrase(
      window,
      {
        heading: _('Scheduled Backups'),
        body: _('Choose the passphrase for scheduled backups. It is asked only now and when you restore one: keep it somewhere safe.'),
        confirm: _('Turn On'),
      },
      (passphrase) => apply(true, passphrase),
      () => show(status!),
    );
  }));
  const changed = guard('prefs.backups.schedule-change', undefined, () => {
    if (!showing && status?.enabled) apply(true);
  });
  every.on('notify::selected', changed);
  keep.on('value-changed', changed);

  spawnTask('prefs.backups.schedule-status', async () => show(await backups.schedule()));
  return group;
}
