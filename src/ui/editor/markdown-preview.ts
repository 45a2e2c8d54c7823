import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk, Pango } from '../gi.js';
import { markdownToPango } from '../markdown-pango.js';

/**
 * The rendered markdown beside (or instead of) the source: one label per
 * block, from the same renderer as the read-only document view.
 */
export class MarkdownPreview {
  readonly widget: GtkT.ScrolledWindow;
  private readonly body: GtkT.Box;
  private rendered: string | undefined;

  constructor() {
    this.body = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 10 });
    this.body.addCssClass('document-body');
    this.widget = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true, hexpand: true });
    this.widget.setChild(this.body);
  }

  /** Renders the text (nothing to do when it is what is shown already). */
  show(markdown: string): void {
    if (markdown === this.rendered) return;
    this.rendered = markdown;
    for (let child = this.body.getFirstChild(); child; child = this.body.getFirstChild()) this.body.remove(child);
    appendMarkdownBlocks(this.body, markdown);
  }

  /** Blocks shown, for the test probe. */
  get blocks(): number {
    let count = 0;
    for (let child = this.body.getFirstChild(); child; child = child.getNextSibling()) count++;
    return count;
  }
}

/** Appends markdown as rendered blocks (one selectable label per block, rules as separators): the preview's and the read-only panel's one renderer. */
export function appendMarkdownBlocks(box: GtkT.Box, markdown: string): void {
  for (const block of markdownToPango(markdown)) {
    if (block.kind === 'rule') {
      box.append(new Gtk.Separator());
      continue;
    }
    const label = new Gtk.Label({ xalign: 0, wrap: true, selectable: true, useMarkup: true });
    label.setWrapMode(Pango.WrapMode.WORD_CHAR);
    label.setMarkup(block.markup);
    label.addCssClass(`md-${block.kind}`);
    box.append(label);
  }
}
