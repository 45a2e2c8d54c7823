import { _ } from '../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from './gi.js';

/** Every keyboard shortcut, grouped as GNOME's shortcuts windows are. A 'gesture-…' entry is a touchpad gesture. */
export const SHORTCUT_GROUPS: readonly { title: string; shortcuts: readonly [string, string][] }[] = [
  {
    title: _('General'),
    shortcuts: [
      ['<Control>k', _('Command bar: open, create, export, undo…')],
      ['<Control>f', _('Search')],
      ['slash', _('Search')],
      ['<Control>n', _('New note')],
      ['<Control>o', _('Import files')],
      ['<Control><Shift>o', _('Import folders')],
      ['<Control>space', _('Talk to Sovereign: a command, or dictation into the editor (hold, or press twice, as set in Preferences › Voice)')],
      ['Escape', _('Stop listening or speaking')],
      ['<Control>comma', _('Preferences')],
      ['<Control>question', _('Keyboard shortcuts')],
      ['<Control>w', _('Close the front document')],
      ['F2', _('Rename the front document')],
      ['<Control><Alt>l', _('Lock the vault')],
      ['<Control>q', _('Quit')],
    ],
  },
  {
    title: _('Editor'),
    shortcuts: [
      ['<Control>s', _('Save a version now, with a message')],
      ['<Control>z', _('Undo')],
      ['<Control><Shift>z', _('Redo')],
      ['<Control>b', _('Bold')],
      ['<Control>i', _('Italic')],
      ['<Control>k', _('Link (the command bar outside the editor)')],
      ['<Control>1 <Control>2 <Control>3', _('Heading 1, 2, 3')],
      ['<Control>f', _('Find (Search outside the editor)')],
      ['<Control>h', _('Find and replace')],
      ['<Control>p', _('Preview side by side')],
      ['bracketleft', _('Two of them complete a document title')],
    ],
  },
  {
    title: _('Canvas'),
    shortcuts: [
      ['Left Right Up Down', _('Pan')],
      ['plus minus', _('Zoom in and out')],
      ['gesture-pinch', _('Zoom about the pointer (also Ctrl + scroll)')],
      ['Tab', _('Next document')],
      ['<Shift>Tab', _('Previous document')],
      ['Return', _('Open the selected document')],
      ['Home', _('Go to now')],
    ],
  },
];

/**
 * GTK 4.8's ShortcutsWindow can only be filled from a builder definition
 * (add_section arrived in 4.14), so the groups above become one.
 */
export function shortcutsXml(): string {
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const groups = SHORTCUT_GROUPS.map(
    (group) =>
      `<child><object class="GtkShortcutsGroup"><property name="title">${attr(group.title)}</property>` +
      group.shortcuts
        .map(
          ([accelerator, title]) =>
            '<child><object class="GtkShortcutsShortcut">' +
            (accelerator.startsWith('gesture-')
              ? `<property name="shortcut-type">${attr(accelerator)}</property>`
              : `<property name="accelerator">${attr(accelerator)}</property>`) +
            `<property name="title">${attr(title)}</property></object></child>`,
        )
        .join('') +
      '</object></child>',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?><interface><object class="GtkShortcutsWindow" id="shortcuts">' +
    '<property name="modal">1</property><child><object class="GtkShortcutsSection">' +
    '<property name="section-name">main</property>' +
    groups.join('') +
    '</object></child></object></interface>'
  );
}

export function showShortcuts(parent: GtkT.Window): void {
  const builder = Gtk.Builder.newFromString(shortcutsXml(), -1);
  const window = builder.getObject('shortcuts') as GtkT.ShortcutsWindow;
  window.setTransientFor(parent);
  window.present();
}
