import { APP_ID, APP_NAME, _, appVersion } from '../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gtk } from './gi.js';

export function showAbout(parent: GtkT.Window): void {
  const about = new Adw.AboutWindow({
    transientFor: parent,
    modal: true,
    applicationName: APP_NAME,
    applicationIcon: APP_ID,
    version: appVersion,
    developerName: _('The Sovereign developers'),
    comments: _('A local-first document workspace. Your notes, imports and their history live on this computer, on a timeline you can explore.'),
    licenseType: Gtk.License.GPL_3_0,
  });
  about.present();
}
