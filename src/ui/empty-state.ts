import { _ } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import { Adw, Gtk } from './gi.js';
import { guard } from './guard.js';

/** What a first run shows instead of an empty canvas. */
export function createEmptyState(actions: { createSample: () => void; importFiles: () => void }): AdwT.StatusPage {
  const page = new Adw.StatusPage({
    iconName: 'org.sovereign.Sovereign-symbolic',
    title: _('Your Workspace Is Empty'),
    description: _('Documents you write or import appear here on a timeline, one row per thread.'),
    vexpand: true,
  });
  const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 12, halign: Gtk.Align.CENTER });
  const sample = new Gtk.Button({ label: _('Create a Sample Workspace') });
  sample.addCssClass('suggested-action');
  sample.addCssClass('pill');
  sample.on('clicked', guard('empty.sample', undefined, actions.createSample));
  const importButton = new Gtk.Button({ label: _('Import Files…') });
  importButton.addCssClass('pill');
  importButton.on('clicked', guard('empty.import', undefined, actions.importFiles));
  box.append(sample);
  box.append(importButton);
  page.setChild(box);
  return page;
}
