import type * as GdkT from 'node-gtk/types/Gdk-4.0.js';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, GObject, Gtk } from './gi.js';
import { guard } from './guard.js';

/**
 * Accepts files dragged from Files (or any app offering a GdkFileList) onto
 * a widget and hands their paths, with the drop point, to onDrop. The
 * import itself runs elsewhere; this only translates the drop.
 */
export function acceptFileDrops(widget: GtkT.Widget, onDrop: (paths: string[], x: number, y: number) => void): GtkT.DropTarget {
  const target = new Gtk.DropTarget({ actions: Gdk.DragAction.COPY });
  // GdkFileList's GType: the generated types have no $gtype; GLib knows it by name once Gdk is loaded.
  target.setGtypes([GObject.typeFromName('GdkFileList')]);
  target.on('drop', guard('files.drop', false, (value: unknown, x: number, y: number) => {
    const paths = pathsOf(value);
    if (paths.length === 0) return false;
    onDrop(paths, x, y);
    return true;
  }));
  widget.addController(target);
  return target;
}

/** node-gtk hands the dropped value over unboxed (a Gdk.FileList) or, on some paths, as a GValue holding one. */
function pathsOf(value: unknown): string[] {
  const boxed = value as { getFiles?: () => GioT.File[]; getBoxed?: () => unknown } | null;
  const list = (boxed?.getFiles ? boxed : (boxed?.getBoxed?.() as GdkT.FileList | undefined)) as GdkT.FileList | undefined;
  const paths: string[] = [];
  for (const file of list?.getFiles() ?? []) {
    const path = file.getPath();
    if (path) paths.push(path);
  }
  return paths;
}
