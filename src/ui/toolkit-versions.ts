import gi from 'node-gtk';

/**
 * The versions of the desktop libraries the window runs on, as the loaded
 * libraries report them (GLib's from its typelib, which is built with it).
 * Loading them costs a few hundred milliseconds, so only `--version
 * --verbose` asks.
 */
export function toolkitVersions(): { name: string; version: string }[] {
  const GLib = gi.require('GLib', '2.0');
  const Gtk = gi.require('Gtk', '4.0');
  const Adw = gi.require('Adw', '1');
  return [
    { name: 'GLib', version: `${GLib.MAJOR_VERSION}.${GLib.MINOR_VERSION}.${GLib.MICRO_VERSION}` },
    { name: 'GTK', version: `${Gtk.getMajorVersion()}.${Gtk.getMinorVersion()}.${Gtk.getMicroVersion()}` },
    { name: 'libadwaita', version: `${Adw.getMajorVersion()}.${Adw.getMinorVersion()}.${Adw.getMicroVersion()}` },
  ];
}
