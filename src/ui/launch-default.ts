import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import { Gio } from './gi.js';

/**
 * Opens a file or folder in the desktop's default application for its type
 * (the PDF viewer for a PDF, Files for a markdown folder), as a double click
 * in Files would. GTK 4.8 has no Gtk.FileLauncher; Gio.AppInfo reads the
 * same mimeapps.list defaults.
 */
export function launchDefault(file: string): void {
  if (!path.isAbsolute(file)) throw new SovereignError('invalid-input', format(_('Cannot open “{file}”: the path is not absolute.'), { file }));
  if (!fs.existsSync(file)) throw new SovereignError('not-found', format(_('Cannot open {name}: it is no longer at {file}.'), { name: path.basename(file), file }));
  Gio.AppInfo.launchDefaultForUri(Gio.File.newForPath(file).getUri(), null);
}
