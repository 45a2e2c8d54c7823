import fs from 'node:fs';
import path from 'node:path';
import { appDataDir, createLogger } from '../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gdk, Gtk } from './gi.js';
import { guard } from './guard.js';

const log = createLogger('ui.style');

/**
 * Loads the window's stylesheet (data/ui/style.css) and, while the style is
 * dark, data/ui/style-dark.css on top (libadwaita 1.2 does this only for
 * GResource styles).
 */
export function loadStyle(): void {
  const display = Gdk.Display.getDefault();
  if (!display) return;
  // The app icon, for running from a checkout (installed, it is in the hicolor theme already).
  Gtk.IconTheme.getForDisplay(display).addSearchPath(path.join(appDataDir, 'icons'));
  const base = provider('style.css');
  if (base) Gtk.StyleContext.addProviderForDisplay(display, base, Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION);
  const dark = provider('style-dark.css');
  if (!dark) return;
  const styles = Adw.StyleManager.getDefault();
  let added = false;
  const follow = () => {
    const want = styles.getDark();
    if (want === added) return;
    if (want) Gtk.StyleContext.addProviderForDisplay(display, dark, Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    else Gtk.StyleContext.removeProviderForDisplay(display, dark);
    added = want;
  };
  styles.on('notify::dark', guard('style.dark', undefined, follow));
  follow();
}

function provider(name: string): GtkT.CssProvider | undefined {
  const file = path.join(appDataDir, 'ui', name);
  if (!fs.existsSync(file)) {
    log.warn('stylesheet missing; using the default look', { file });
    return undefined;
  }
  const css = new Gtk.CssProvider();
  css.loadFromPath(file);
  return css;
}
