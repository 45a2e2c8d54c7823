import { openWikiLink } from '../../skills/core/markdown-editor/index.js';
import type * as GdkT from 'node-gtk/types/Gdk-4.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';
import { Gdk, Gtk } from '../gi.js';
import { guard } from '../guard.js';

/**
 * `[[` completion: while the cursor is inside an unclosed `[[`, a popover at
 * the cursor lists the document titles that start with what was typed
 * (from the in-process workspace model: no query per keystroke). Up/Down
 * choose, Enter or Tab insert `Title]]`, Escape closes. The popover never
 * takes the focus: typing goes on in the text; a click on a title inserts it.
 *
 * Why a popover and not a GtkSource.CompletionProvider: node-gtk 4.1.1
 * cannot implement a GObject interface from JavaScript. Its registerClass
 * registers a type with no interfaces (a `virtual_getTitle` on a
 * GObject.Object subclass is refused: "no virtual function 'get_title' on
 * 'GObject' or its interfaces"); borrowing the interface by subclassing
 * GtkSource.CompletionWords overwrites CompletionWords' own vtable, and
 * GtkSourceView 5.6 has only populate_async, whose GAsyncReadyCallback
 * argument node-gtk cannot hand to JavaScript: the process aborts in
 * GIArgumentToV8 ("code should not be reached"). And no public class
 * implements GtkSource.CompletionProposal for the proposals.
 */
export class WikiCompletion {
  private readonly popover: GtkT.Popover;
  private readonly list: GtkT.ListBox;
  private titles: string[] = [];
  private partial = '';
  /** While a title is being inserted: the buffer's changes must not rebuild the list. */
  private accepting = false;

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

  /**
   * The middle of each offered title in the window's surface (CSD shadows
   * included, logical pixels), for a test that clicks one as a person does.
   */
  get offeredAt(): { x: number; y: number }[] {
    const surface = this.popover.getSurface() as GdkT.Popup | null;
    if (!this.popover.getVisible() || !surface) return [];
    const [sx, sy] = this.popover.getSurfaceTransform();
    const points: { x: number; y: number }[] = [];
    for (let index = 0; index < this.titles.length; index++) {
      const row = this.list.getRowAtIndex(index);
      const [ok, x, y] = row ? row.translateCoordinates(this.popover, 0, 0) : [false, 0, 0];
      if (!row || !ok) return [];
      points.push({ x: surface.getPositionX() + sx + x + row.getWidth() / 2, y: surface.getPositionY() + sy + y + row.getHeight() / 2 });
    }
    return points;
  }

  /** Call after the buffer or the cursor changed. */
  update(): void {
    // Rebuilding the list while a click on one of its rows is being handled frees that row under GTK: the process aborts.
    if (this.accepting) return;
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
    // The rectangle GTK returned is reused: a `new Gdk.Rectangle()` is freed twice when
    // node-gtk garbage-collects it ("double free or corruption", the process aborts).
    const at = this.view.getIterLocation(cursor);
    [at.x, at.y] = this.view.bufferToWindowCoords(Gtk.TextWindowType.WIDGET, at.x, at.y);
    at.width = 1;
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
    this.accepting = true;
    try {
      this.insert(title);
    } finally {
      this.accepting = false;
    }
    this.close();
  }

  private insert(title: string): void {
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
  }
}
