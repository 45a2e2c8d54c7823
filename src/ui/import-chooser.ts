import { _ } from '../core/index.js';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from './gi.js';
import { guard } from './guard.js';

/** What the person picks: files, or folders imported with everything inside them. */
export type ImportChooserMode = 'files' | 'folders';

/**
 * The file chooser behind Import Files… and Import Folder…. GTK 4.8's
 * choosers cannot offer files and folders in one dialog (OPEN never
 * accepts a folder, SELECT_FOLDER shows no files), so there are two, both
 * with multiple selection. The chosen paths go to onChosen; the window
 * imports them through the same import service as the command line and
 * D-Bus (folders recursively).
 */
export function showImportChooser(parent: GtkT.Window, mode: ImportChooserMode, onChosen: (paths: string[]) => void): GtkT.FileChooserNative {
  const folders = mode === 'folders';
  const chooser = new Gtk.FileChooserNative({
    title: folders ? _('Import Folders') : _('Import Files'),
    transientFor: parent,
    action: folders ? Gtk.FileChooserAction.SELECT_FOLDER : Gtk.FileChooserAction.OPEN,
    acceptLabel: _('_Import'),
    selectMultiple: true,
    modal: true,
  });
  chooser.on('response', guard('import.response', undefined, (response: number) => {
    if (response !== Gtk.ResponseType.ACCEPT) return;
    const files = chooser.getFiles();
    const paths: string[] = [];
    for (let i = 0; i < files.getNItems(); i++) {
      const path = (files.getItem(i) as unknown as GioT.File).getPath();
      if (path) paths.push(path);
    }
    if (paths.length > 0) onChosen(paths);
  }));
  chooser.show();
  return chooser;
}
