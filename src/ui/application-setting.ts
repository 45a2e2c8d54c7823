import { createRequire } from 'node:module';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import { APP_ID, type StoredSetting } from '../core/index.js';

/**
 * Sovereign's GSettings (org.sovereign.Sovereign), or undefined where the
 * schema is not installed (an uninstalled run without GSETTINGS_SCHEMA_DIR):
 * Gio.Settings would abort the process there. It loads Gio only, never GTK,
 * so the D-Bus service, which runs the GLib loop (src/ui/main-loop.ts) but
 * shows no window, can read its settings too.
 */
export function openApplicationSettings(): GioT.Settings | undefined {
  // A synchronous require: node-gtk is CommonJS, and GLib is already loaded by the main loop.
  const gi = createRequire(import.meta.url)('node-gtk') as { require(ns: 'Gio', version: '2.0'): typeof GioT };
  const Gio = gi.require('Gio', '2.0');
  return Gio.SettingsSchemaSource.getDefault()?.lookup(APP_ID, true) ? new Gio.Settings({ schemaId: APP_ID }) : undefined;
}

/**
 * One string key, for the D-Bus service (the Shell search prefix). In
 * process, the first answer does not wait for a `gsettings` child, which on
 * a cold start was a fork of the whole process and ~50–80 ms while the
 * store's engine held both cores. Without the schema (or the key) it reads
 * as undefined and never changes.
 */
export function applicationSettingString(key: string): StoredSetting {
  const settings = openApplicationSettings();
  if (!settings?.settingsSchema?.hasKey(key)) return { read: () => undefined, follow: () => () => undefined };
  return {
    read: () => settings.getString(key),
    follow: (listener) => {
      const handler = settings.connect(`changed::${key}`, () => listener());
      return () => settings.disconnect(handler);
    },
  };
}
