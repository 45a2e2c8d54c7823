import { _ } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';
import { Gdk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { guard } from '../guard.js';

/** A version message is one line in the history: longer text is for the document. */
const MAX_MESSAGE_CHARS = 200;

/**
 * Ctrl+S: a popover at the cursor asking what this version is ("Describe
 * this version", optional). Enter or Save Version hands the message over,
 * Escape or a click elsewhere cancels; either way the focus goes back to
 * the text. It stays parented to the text view for the editor's life and is
 * unparented only in dispose(): unparenting a popover while the window is
 * shown can leave GTK 4.8 with a stale pointer focus.
 */
export class VersionMessagePopover {
  private readonly popover: GtkT.Popover;
  private readonly entry: GtkT.Entry;

  constructor(
    private readonly view: GtkSourceT.View,
    private readonly onSave: (message: string) => void,
  ) {
    const title = new Gtk.Label({ label: _('Save a Version'), xalign: 0 });
    title.addCssClass('heading');
    this.entry = new Gtk.Entry({ placeholderText: _('Describe this version'), maxLength: MAX_MESSAGE_CHARS, widthChars: 32, activatesDefault: false });
    setAccessibleLabel(this.entry, _('Describe this version'));
    this.entry.on('activate', guard('version-message.activate', undefined, () => this.save()));
    const save = new Gtk.Button({ label: _('Save Version') });
    save.addCssClass('suggested-action');
    save.on('clicked', guard('version-message.save', undefined, () => this.save()));
    const row = new Gtk.Box({ spacing: 6 });
    row.append(this.entry);
    row.append(save);
    const hint = new Gtk.Label({ label: _('Optional. Enter saves, Escape cancels.'), xalign: 0 });
    hint.addCssClass('dim-label');
    hint.addCssClass('caption');
    const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8, marginTop: 6, marginBottom: 6, marginStart: 6, marginEnd: 6 });
    box.append(title);
    box.append(row);
    box.append(hint);

    this.popover = new Gtk.Popover({ child: box, autohide: true, position: Gtk.PositionType.BOTTOM });
    this.popover.addCssClass('version-message');
    this.popover.setParent(view);
    this.popover.on('closed', guard('version-message.closed', undefined, () => this.view.grabFocus()));
    // Escape cancels even where the popover's own binding would not see it first.
    const keys = new Gtk.EventControllerKey();
    keys.on('key-pressed', guard('version-message.key', false, (keyval: number) => {
      if (keyval !== Gdk.KEY_Escape) return false;
      this.popover.popdown();
      return true;
    }));
    this.entry.addController(keys);
  }

  /** Whether the popover is asking now, for the test probe. */
  get visible(): boolean {
    return this.popover.getVisible();
  }

  /** Asks for a message, pointing at the cursor (or at the top of the text when the cursor is scrolled away). */
  ask(): void {
    this.entry.setText('');
    this.popover.setPointingTo(this.anchor());
    this.popover.popup();
    this.entry.grabFocus();
  }

  /** Before the widget goes away: a popover with a parent must be unparented by hand. */
  dispose(): void {
    this.popover.unparent();
  }

  private save(): void {
    const message = this.entry.getText().trim();
    this.popover.popdown();
    this.onSave(message);
  }

  private anchor(): InstanceType<typeof Gdk.Rectangle> {
    const buffer = this.view.getBuffer();
    // The rectangle GTK returned is reused: a `new Gdk.Rectangle()` is freed twice when
    // node-gtk garbage-collects it ("double free or corruption", the process aborts).
    const at = this.view.getIterLocation(buffer.getIterAtMark(buffer.getInsert()));
    const visible = this.view.getVisibleRect();
    if (at.y >= visible.y && at.y + at.height <= visible.y + visible.height) {
      [at.x, at.y] = this.view.bufferToWindowCoords(Gtk.TextWindowType.WIDGET, at.x, at.y);
    } else {
      at.x = Math.round(this.view.getWidth() / 2);
      at.y = 0;
      at.height = 1;
    }
    at.width = 1;
    return at;
  }
}
