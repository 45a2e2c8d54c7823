import { _, format, ngettext } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';
import { Gdk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { guard } from '../guard.js';
import { gtkSource } from './gtk-source.js';

/**
 * Find (Ctrl+F) and replace (Ctrl+H) over the editor's buffer, with
 * GtkSourceView's search context: every match highlighted, the count shown,
 * Enter for the next match, Escape back to the text.
 */
export class FindBar {
  readonly widget: GtkT.Revealer;
  private readonly context: GtkSourceT.SearchContext;
  private readonly settings: GtkSourceT.SearchSettings;
  private readonly findEntry: GtkT.SearchEntry;
  private readonly replaceEntry: GtkT.Entry;
  private readonly replaceRow: GtkT.Box;
  private readonly count: GtkT.Label;

  constructor(private readonly view: GtkSourceT.View, private readonly buffer: GtkSourceT.Buffer) {
    const GtkSource = gtkSource();
    this.settings = new GtkSource.SearchSettings({ wrapAround: true });
    this.context = new GtkSource.SearchContext({ buffer, settings: this.settings, highlight: true });

    this.findEntry = new Gtk.SearchEntry({ hexpand: true, placeholderText: _('Find') });
    setAccessibleLabel(this.findEntry, _('Find'));
    this.count = new Gtk.Label({ label: '' });
    this.count.addCssClass('dim-label');
    this.count.addCssClass('caption');
    const next = new Gtk.Button({ iconName: 'go-down-symbolic', tooltipText: _('Next Match') });
    next.addCssClass('flat');
    const close = new Gtk.Button({ iconName: 'window-close-symbolic', tooltipText: _('Close Find') });
    close.addCssClass('flat');
    const findRow = new Gtk.Box({ spacing: 6 });
    findRow.append(this.findEntry);
    findRow.append(this.count);
    findRow.append(next);
    findRow.append(close);

    this.replaceEntry = new Gtk.Entry({ hexpand: true, placeholderText: _('Replace with') });
    setAccessibleLabel(this.replaceEntry, _('Replace with'));
    const replace = new Gtk.Button({ label: _('Replace') });
    const replaceAll = new Gtk.Button({ label: _('Replace All') });
    this.replaceRow = new Gtk.Box({ spacing: 6, visible: false });
    this.replaceRow.append(this.replaceEntry);
    this.replaceRow.append(replace);
    this.replaceRow.append(replaceAll);

    const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 6 });
    box.addCssClass('find-bar');
    box.append(findRow);
    box.append(this.replaceRow);
    this.widget = new Gtk.Revealer({ child: box, revealChild: false, transitionType: Gtk.RevealerTransitionType.SLIDE_DOWN });
    // Escape anywhere in the bar (the replace entry too) goes back to the text.
    const keys = new Gtk.EventControllerKey();
    keys.on('key-pressed', guard('find.escape', false, (keyval: number) => {
      if (keyval !== Gdk.KEY_Escape) return false;
      this.hide();
      return true;
    }));
    box.addController(keys);

    this.findEntry.on('search-changed', guard('find.changed', undefined, () => {
      this.settings.setSearchText(this.findEntry.getText() || null);
      this.findNext(false);
    }));
    this.findEntry.on('activate', guard('find.activate', undefined, () => this.findNext(true)));
    this.findEntry.on('stop-search', guard('find.stop', undefined, () => this.hide()));
    this.context.on('notify::occurrences-count', guard('find.count', undefined, () => this.showCount()));
    next.on('clicked', guard('find.next', undefined, () => this.findNext(true)));
    close.on('clicked', guard('find.close', undefined, () => this.hide()));
    this.replaceEntry.on('activate', guard('find.replace', undefined, () => this.replaceOne()));
    replace.on('clicked', guard('find.replace', undefined, () => this.replaceOne()));
    replaceAll.on('clicked', guard('find.replace-all', undefined, () => this.replaceAll()));
  }

  get visible(): boolean {
    return this.widget.getRevealChild();
  }

  get matches(): number {
    return this.context.getOccurrencesCount();
  }

  /** Opens the bar (with the replace row when asked), searching for the selection if there is one. */
  show(withReplace: boolean): void {
    const [selected, start, end] = this.buffer.getSelectionBounds();
    if (selected && start.getLine() === end.getLine()) this.findEntry.setText(this.buffer.getText(start, end, true));
    this.replaceRow.setVisible(withReplace);
    this.widget.setRevealChild(true);
    this.context.setHighlight(true);
    // Replacing what was just searched for: straight to the replacement.
    if (withReplace && this.findEntry.getText()) this.replaceEntry.grabFocus();
    else this.findEntry.grabFocus();
  }

  hide(): void {
    this.widget.setRevealChild(false);
    this.context.setHighlight(false);
    this.view.grabFocus();
  }

  private findNext(skipCurrent: boolean): void {
    if (!this.settings.getSearchText()) return;
    const [, selStart, selEnd] = this.buffer.getSelectionBounds();
    const from = skipCurrent ? selEnd : selStart;
    const [found, start, end] = this.context.forward(from);
    if (!found) return;
    this.buffer.selectRange(start, end);
    this.view.scrollToMark(this.buffer.getInsert(), 0.1, false, 0, 0);
  }

  private replaceOne(): void {
    const [, selStart] = this.buffer.getSelectionBounds();
    const [found, start, end] = this.context.forward(selStart);
    if (!found) return;
    const text = this.replaceEntry.getText();
    this.context.replace(start, end, text, -1);
    this.findNext(false);
  }

  private replaceAll(): void {
    this.context.replaceAll(this.replaceEntry.getText(), -1);
  }

  private showCount(): void {
    const count = this.context.getOccurrencesCount();
    this.count.setLabel(count < 0 || !this.settings.getSearchText() ? '' : format(ngettext('{count} match', '{count} matches', count), { count }));
  }
}
