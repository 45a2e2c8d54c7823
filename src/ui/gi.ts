import gi from 'node-gtk';
import { drawWithoutGlWhereNoGpu } from './gpu-devices.js';

// Before GDK starts: it reads GDK_DEBUG once (gpu-devices.ts says why).
drawWithoutGlWhereNoGpu(process.env);

/**
 * The GObject-introspection namespaces the window uses, loaded once. This
 * module is imported only when a window is needed (see src/cli/launch.ts),
 * so the D-Bus service and the command line never load GTK.
 */
export const GLib = gi.require('GLib', '2.0');
export const GObject = gi.require('GObject', '2.0');
export const Gio = gi.require('Gio', '2.0');
export const Gdk = gi.require('Gdk', '4.0');
export const Gtk = gi.require('Gtk', '4.0');
export const Adw = gi.require('Adw', '1');
export const Pango = gi.require('Pango', '1.0');
export const Graphene = gi.require('Graphene', '1.0');
export const Gsk = gi.require('Gsk', '4.0');
