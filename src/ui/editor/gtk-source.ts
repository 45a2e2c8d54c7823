import gi from 'node-gtk';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';

let loaded: typeof GtkSourceT | undefined;

/**
 * GtkSourceView 5, loaded on first use: it crashes the process unless GTK
 * was initialised first (the application's registration does that), so it
 * must not load when this module is imported.
 */
export function gtkSource(): typeof GtkSourceT {
  if (!loaded) {
    loaded = gi.require('GtkSource', '5');
    loaded.init();
  }
  return loaded;
}
