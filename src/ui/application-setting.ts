import { createRequire } from 'node:module';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import { APP_ID, type StoredSetting } from '../core/index.js';

/**
 * A key of org.sovereign.Sovereign through Gio.Settings, for the D-Bus
 * service (the Shell search prefix). It loads Gio only, never GTK: the
 * service runs the GLib loop (src/ui/main-loop.ts) but shows no window.
 * In-process, the first answer does not wait for a `gsettings` child, which
 * on a cold start was a fork of the whole process and ~50–80 ms while the
 * store's engine held both cores. Where the schema is not installed (an
 * uninstalled run without GSETTINGS_SCHEMA_DIR) Gio.Settings would abort
 * the process: the key then reads as undefined and never changes.
 */
export function applicationSettingString(key: string): StoredSetting {
  // A synchronous require: node-gtk is CommonJS, and GLib is already loaded by the main loop.
  const gi = createRequire(import.meta.url)('node-gtk') as { require(ns: 'Gio', version: '2.0'): typeof GioT };
  const Gio = gi.require('Gio', '2.0');
  const schema = Gio.SettingsSchemaSource.getDefault()?.lookup(APP_ID, true);
  if (!schema?.hasKey(key)) return { read: () => undefined, follow: () => () => undefined };
  const settings = new Gio.Settings({ schemaId: APP_ID });
  return {
    read: () => settings.getString(key),
    follow: (listener) => {
      const handler = settings.connect(`changed::${key}`, () => listener());
      return () => settings.disconnect(handler);
    },
  };
}
