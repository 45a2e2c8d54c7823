import { _, format, readAirGap, writeAirGap } from '../core/index.js';
import { auditSockets } from '../airgap/socket-audit.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gio, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { backupsPage } from './preferences-backups.js';
import { modelsPage } from './preferences-models.js';
import { voicePage } from './preferences-voice.js';
import { vaultPage } from './preferences-vault.js';
import type { UiVault } from './unlock-dialog.js';
import type { UiServices } from './services.js';
import type { ColorScheme, UiSettings } from './settings.js';

const SCHEMES: readonly ColorScheme[] = ['default', 'light', 'dark'];

/** What the Models page needs: the models, and the window's offer of a chat model. */
export interface PreferencesModels {
  services: UiServices;
  offerDownload: () => void;
  /** Open on the Models page (a voice message's "Speech Models…" button). */
  showModels?: boolean;
  /** The process's vault, for Preferences › Vault. */
  vault?: UiVault;
}

/** Preferences: appearance, the GNOME search prefix, where the data lives, and the local models. */
export function showPreferences(parent: GtkT.Window, settings: UiSettings, databaseLocation: string, models?: PreferencesModels): void {
  // Goes with its window: a lock replaces the main window.
  const window = new Adw.PreferencesWindow({ transientFor: parent, modal: true, destroyWithParent: true, searchEnabled: false });
  window.setDefaultSize(560, 520);
  const page = new Adw.PreferencesPage({ title: _('General'), iconName: 'preferences-system-symbolic' });

  const appearance = new Adw.PreferencesGroup({ title: _('Appearance') });
  const style = new Adw.ComboRow({ title: _('Style'), subtitle: _('Follow the system, or always light or dark') });
  style.setModel(Gtk.StringList.new([_('Follow System'), _('Light'), _('Dark')]));
  style.setSelected(SCHEMES.indexOf(settings.colorScheme));
  style.on('notify::selected', guard('prefs.style', undefined, () => {
    settings.colorScheme = SCHEMES[style.getSelected()] ?? 'default';
  }));
  appearance.add(style);
  page.add(appearance);

  const search = new Adw.PreferencesGroup({
    title: _('GNOME Search'),
    description: _('Searches in the Activities overview that start with this prefix look in Sovereign.'),
  });
  const prefix = new Adw.EntryRow({ title: _('Search Prefix') });
  prefix.setText(settings.searchPrefix);
  prefix.setShowApplyButton(true);
  prefix.on('apply', guard('prefs.prefix', undefined, () => {
    settings.searchPrefix = prefix.getText().trim();
  }));
  search.add(prefix);
  page.add(search);

  const storage = new Adw.PreferencesGroup({ title: _('Storage'), description: _('Everything stays on this computer.') });
  const folder = databaseFolder(databaseLocation);
  const location = new Adw.ActionRow({ title: _('Database Location'), subtitle: folder ?? databaseLocation });
  if (folder) {
    const open = new Gtk.Button({ iconName: 'folder-open-symbolic', valign: Gtk.Align.CENTER, tooltipText: _('Open Folder') });
    open.addCssClass('flat');
    setAccessibleLabel(open, _('Open Folder'));
    open.on('clicked', guard('prefs.open-folder', undefined, () => {
      Gio.AppInfo.launchDefaultForUri(Gio.File.newForPath(folder).getUri(), null);
    }));
    location.addSuffix(open);
  }
  storage.add(location);
  page.add(storage);
  page.add(airGapGroup());

  window.add(page);
  window.add(voicePage(window, settings));
  if (models?.vault) window.add(vaultPage(window, settings, models.vault));
  if (models) {
    spawnTask('prefs.backups', async () => {
      const backups = await models.services.backups();
      if (backups) window.add(backupsPage(window, backups));
    });
    spawnTask('prefs.models', async () => {
      const library = await models.services.models();
      if (!library) return;
      const page = modelsPage(window, library, models.offerDownload);
      window.add(page);
      if (models.showModels) window.setVisiblePage(page);
    });
  }
  window.present();
}

/**
 * The air gap's switch (the same file the command line switches) and a check
 * of this window's own process tree: the model host, skills and decoders it
 * started.
 */
function airGapGroup(): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({ title: _('Network'), description: _('Sovereign connects only where you ask it to, such as a model download.') });
  const airGap = new Adw.ActionRow({ title: _('Air Gap'), subtitle: _('Refuse every connection that would leave this computer, model downloads included') });
  const toggle = new Gtk.Switch({ active: readAirGap().enabled, valign: Gtk.Align.CENTER });
  // The row names its activatable switch ("Air Gap") for screen readers.
  toggle.on('notify::active', guard('prefs.air-gap', undefined, () => {
    writeAirGap(toggle.getActive());
  }));
  airGap.addSuffix(toggle);
  airGap.setActivatableWidget(toggle);
  group.add(airGap);

  const check = new Adw.ActionRow({ title: _('Connections'), subtitle: _('Check which network connections Sovereign holds right now') });
  const checkButton = new Gtk.Button({ label: _('Check Now'), valign: Gtk.Align.CENTER });
  checkButton.on('clicked', guard('prefs.air-gap-check', undefined, () => {
    const audit = auditSockets({ rootPids: [process.pid] });
    const outside = audit.outbound.length + audit.exposed.length;
    check.setSubtitle(
      outside === 0
        ? format(_('0 outbound connections in {count} Sovereign processes'), { count: audit.processes.length })
        : format(_('{count} connections reach outside this computer: {where}'), {
            count: outside,
            where: [...audit.outbound.map((s) => `${s.remote.address}:${s.remote.port}`), ...audit.exposed.map((s) => `${s.local.address}:${s.local.port}`)].join(', '),
          }),
    );
  }));
  check.addSuffix(checkButton);
  group.add(check);
  return group;
}

/** The folder to open for a rocksdb:// or plain path location; none for mem:// or remote servers. */
export function databaseFolder(location: string): string | undefined {
  if (location.startsWith('rocksdb://')) return location.slice('rocksdb://'.length) || undefined;
  if (location.startsWith('/')) return location;
  return undefined;
}
