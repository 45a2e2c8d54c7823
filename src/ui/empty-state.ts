import { APP_ID, _ } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import { ENCRYPT_WORKSPACE_ACTION } from './encrypt-workspace.js';
import { Adw, GObject, Gtk } from './gi.js';

/** What a first run shows instead of an empty canvas. */
export function createEmptyState(): AdwT.StatusPage {
  const page = new Adw.StatusPage({
    iconName: APP_ID,
    title: _('Your Workspace Is Empty'),
    description: _('Documents you write or import appear here on a timeline, one row per thread.'),
    vexpand: true,
  });
  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 12, halign: Gtk.Align.CENTER });
  const sample = new Gtk.Button({ label: _('Create a Sample Workspace'), actionName: 'win.create-sample' });
  sample.addCssClass('suggested-action');
  sample.addCssClass('pill');
  const importButton = new Gtk.Button({ label: _('Import Files…'), actionName: 'win.import' });
  importButton.addCssClass('pill');
  const importFolder = new Gtk.Button({ label: _('Import a Folder…'), actionName: 'win.import-folder' });
  importFolder.addCssClass('pill');
  box.append(sample);
  box.append(importButton);
  box.append(importFolder);
  // A workspace can be a vault from its first document on; shown only while the action is enabled (a plain workspace).
  const encrypt = new Gtk.Button({ label: _('Encrypt with a Passphrase…'), actionName: `app.${ENCRYPT_WORKSPACE_ACTION}` });
  encrypt.addCssClass('pill');
  encrypt.bindProperty('sensitive', encrypt, 'visible', GObject.BindingFlags.SYNC_CREATE);
  box.append(encrypt);
  page.setChild(box);
  return page;
}
