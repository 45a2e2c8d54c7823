/**
 * Where an installed Sovereign must put its files for GNOME to find them,
 * relative to the root (a DESTDIR or an unpacked .deb), with /usr as prefix.
 */
export const GNOME_LOCATIONS: readonly string[] = [
  'usr/bin/sovereign',
  'usr/share/applications/org.sovereign.Sovereign.desktop',
  'usr/share/metainfo/org.sovereign.Sovereign.metainfo.xml',
  'usr/share/glib-2.0/schemas/org.sovereign.Sovereign.gschema.xml',
  'usr/share/icons/hicolor/scalable/apps/org.sovereign.Sovereign.svg',
  'usr/share/icons/hicolor/symbolic/apps/org.sovereign.Sovereign-symbolic.svg',
  'usr/share/locale/de/LC_MESSAGES/sovereign.mo',
];

/** The application itself. */
export const APP_FILES: readonly string[] = [
  'usr/share/sovereign/package.json',
  'usr/share/sovereign/build/src/cli/main.js',
  'usr/share/sovereign/build/src/core/index.js',
  'usr/share/sovereign/node_modules/commander/package.json',
  'usr/share/sovereign/node_modules/node-gtk/lib/index.js',
];
