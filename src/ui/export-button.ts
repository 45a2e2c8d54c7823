import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';

/**
 * The Export button of a document panel and of the header bar. It opens
 * the export dialog, where the format, what to export and the PDF's options
 * are chosen in one place, so there is no menu to learn first.
 */
export function exportButton(tooltip: string, activate: () => void): GtkT.Button {
  const button = new Gtk.Button({ iconName: 'document-send-symbolic', tooltipText: tooltip, valign: Gtk.Align.CENTER });
  setAccessibleLabel(button, tooltip);
  button.on('clicked', guard('export.open-dialog', undefined, activate));
  return button;
}
