import { openWikiLink } from '../../skills/core/markdown-editor/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';
import { Gdk, Gtk } from '../gi.js';
import { guard } from '../guard.js';

/**
 * `[[` completion: while the cursor is inside an unclosed `[[`, a popover at
 * the cursor lists the document titles that start with what was typed
 * (from the in-process workspace model: no query per keystroke). Up/Down
 * choose, Enter or Tab insert `Title]]`, Escape closes. The popover never
 * takes the focus: typing goes on in the text.
 */
export class WikiCompletion {
  private readonly popover: GtkT.Popover;
  private readonly list: GtkT.ListBox;
  private titles: string[] = [];
  private partial = '';

  constructor(
    private readonly view: GtkSourceT.View,
    private readonly buffer: GtkSourceT.Buffer,
    private readonly titlesStartingWith: (partial: string) => string[],
  ) {
    this.list = new Gtk.ListBox({ selectionMode: Gtk.SelectionMode.SINGLE });
    this.list.addCssClass('wiki-completion');
    this.list.on('row-activated', guard('wiki.activate', undefined, (row: GtkT.ListBoxRow) => this.accept(row.getIndex())));
    this.popover = new Gtk.Popover({ child: this.list, autohide: false, hasArrow: false, canFocus: false, position: Gtk.PositionType.BOTTOM });
    this.popover.setParent(view);

    const keys = new Gtk.EventControllerKey();
    keys.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
    keys.on('key-pressed', guard('wiki.key', false, (keyval: number) => this.key(keyval)));
    view.addController(keys);
  }

  /** Titles offered now (empty when closed), for the test probe. */
  get offered(): string[] {
    return this.popover.getVisible() ? this.titles : [];
  }

  /** Call after the buffer or the cursor changed. */
  update(): void {
    const cursor = this.buffer.getIterAtMark(this.buffer.getInsert());
    const lineStart = cursor.copy();
    lineStart.setLineOffset(0);
    const partial = openWikiLink(this.buffer.getText(lineStart, cursor, true));
    if (partial === null) return this.close();
    this.partial = partial;
    this.titles = this.titlesStartingWith(partial);
    if (this.titles.length === 0) return this.close();
    for (let child = this.list.getFirstChild(); child; child = this.list.getFirstChild()) this.list.remove(child);
    for (const title of this.titles) this.list.append(new Gtk.Label({ label: title, xalign: 0 }));
    this.list.selectRow(this.list.getRowAtIndex(0));
    const rect = this.view.getIterLocation(cursor);
    const [x, y] = this.view.bufferToWindowCoords(Gtk.TextWindowType.WIDGET, rect.x, rect.y);
    const at = new Gdk.Rectangle();
    at.x = x;
    at.y = y;
    at.width = 1;
    at.height = rect.height;
    this.popover.setPointingTo(at);
    if (!this.popover.getVisible()) this.popover.popup();
  }

  close(): void {
    this.titles = [];
    if (this.popover.getVisible()) this.popover.popdown();
  }

  /** Before the widget goes away: a popover with a parent must be unparented by hand. */
  dispose(): void {
    this.popover.unparent();
  }

  private key(keyval: number): boolean {
    if (!this.popover.getVisible()) return false;
    const selected = this.list.getSelectedRow()?.getIndex() ?? 0;
    switch (keyval) {
      case Gdk.KEY_Down:
        this.list.selectRow(this.list.getRowAtIndex(Math.min(this.titles.length - 1, selected + 1)));
        return true;
      case Gdk.KEY_Up:
        this.list.selectRow(this.list.getRowAtIndex(Math.max(0, selected - 1)));
        return true;
      case Gdk.KEY_Return:
      case Gdk.KEY_KP_Enter:
      case Gdk.KEY_Tab:
        this.accept(selected);
        return true;
      case Gdk.KEY_Escape:
        this.close();
        return true;
      default:
        return false;
    }
  }

  /** Replaces the partial title with the chosen one and closes the link. */
  private accept(index: number): void {
    const title = this.titles[index];
    if (title === undefined) return;
    this.buffer.beginUserAction();
    const cursor = this.buffer.getIterAtMark(this.buffer.getInsert());
    const start = cursor.copy();
    start.backwardChars([...this.partial].length);
    this.buffer.delete(start, cursor);
    // Skip a "]]" already there (typed, or auto-closed).
    const after = this.buffer.getIterAtMark(this.buffer.getInsert());
    const ahead = after.copy();
    ahead.forwardChars(2);
    const closing = this.buffer.getText(after, ahead, true) === ']]';
    this.buffer.insertAtCursor(closing ? title : `${title}]]`, -1);
    if (closing) {
      const past = this.buffer.getIterAtMark(this.buffer.getInsert());
      past.forwardChars(2);
      this.buffer.placeCursor(past);
    }
    this.buffer.endUserAction();
    this.close();
  }
}
