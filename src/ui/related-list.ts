import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, format } from '../core/index.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import type { UiRelated, UiServices } from './services.js';

/** The tooltip of each row's link button (the test probe finds the buttons by it). */
export const LINK_RELATED_TOOLTIP = _('Link as Related');

/**
 * A document panel's "Related" page: documents close in meaning to this one
 * and not linked to it yet, each with a button that links it as `related`
 * (the canvas then draws a soft link). Loaded when the page is shown, and
 * again each time, so it follows edits and new documents.
 */
export class RelatedList {
  readonly widget: GtkT.ScrolledWindow;
  private readonly list: GtkT.ListBox;
  private readonly status: GtkT.Label;
  private shown: UiRelated[] = [];
  private loading = false;

  constructor(
    private readonly id: string,
    private readonly services: UiServices,
    private readonly actions: { open(id: string): void; toast(message: string): void },
  ) {
    const box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8 });
    box.addCssClass('document-related');
    this.status = new Gtk.Label({ xalign: 0, wrap: true, label: '' });
    this.status.addCssClass('dim-label');
    this.status.addCssClass('caption');
    this.list = new Gtk.ListBox({ selectionMode: Gtk.SelectionMode.NONE });
    this.list.addCssClass('boxed-list');
    setAccessibleLabel(this.list, _('Related documents'));
    this.list.on('row-activated', guard('related.open', undefined, (row: GtkT.ListBoxRow) => {
      const related = this.shown[row.getIndex()];
      if (related) this.actions.open(related.id);
    }));
    box.append(this.status);
    box.append(this.list);
    this.widget = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true });
    this.widget.setChild(box);
  }

  /** The documents listed, for the test probe. */
  get state(): { loading: boolean; ids: string[]; status: string } {
    return { loading: this.loading, ids: this.shown.map((r) => r.id), status: this.status.getLabel() };
  }

  async load(): Promise<void> {
    this.loading = true;
    this.status.setLabel(_('Finding documents with a similar meaning…'));
    try {
      const related = await this.services.related(this.id);
      this.fill(related ?? []);
      this.status.setLabel(
        related === null
          ? _('Related documents need the built-in sentence encoder, which could not start.')
          : related.length === 0
            ? _('No other document is close in meaning yet.')
            : _('Close in meaning and not linked yet. Link one to show it on the canvas.'),
      );
    } catch (error) {
      this.fill([]);
      this.status.setLabel(format(_('Could not find related documents: {reason}'), { reason: (error as Error).message }));
    } finally {
      this.loading = false;
    }
  }

  private fill(related: UiRelated[]): void {
    this.shown = related;
    let row = this.list.getFirstChild();
    while (row) {
      const next = row.getNextSibling();
      this.list.remove(row);
      row = next;
    }
    for (const item of related) this.list.append(this.row(item));
  }

  private row(item: UiRelated): GtkT.ListBoxRow {
    const box = new Gtk.Box({ spacing: 8, marginTop: 6, marginBottom: 6, marginStart: 10, marginEnd: 6 });
    const title = new Gtk.Label({ label: item.title, xalign: 0, hexpand: true, ellipsize: 3 });
    box.append(title);
    const score = new Gtk.Label({ label: format(_('{percent}% similar'), { percent: Math.round(item.score * 100) }), valign: Gtk.Align.CENTER });
    score.addCssClass('dim-label');
    score.addCssClass('caption');
    box.append(score);
    const link = new Gtk.Button({ label: _('Link'), tooltipText: LINK_RELATED_TOOLTIP, valign: Gtk.Align.CENTER });
    link.addCssClass('flat');
    setAccessibleLabel(link, format(_('Link “{title}” as related'), { title: item.title }));
    link.on('clicked', guard('related.link', undefined, () => {
      link.setSensitive(false);
      spawnTask('related.link', async () => {
        try {
          await this.services.acceptRelated(this.id, item.id, item.score);
          this.fill(this.shown.filter((r) => r.id !== item.id));
          this.actions.toast(format(_('Linked “{title}” as related'), { title: item.title }));
        } catch (error) {
          link.setSensitive(true);
          this.actions.toast(format(_('Could not link “{title}”: {reason}'), { title: item.title, reason: (error as Error).message }));
        }
      });
    }));
    box.append(link);
    const row = new Gtk.ListBoxRow({ child: box, activatable: true });
    setAccessibleLabel(row, format(_('{title}, {percent}% similar'), { title: item.title, percent: Math.round(item.score * 100) }));
    return row;
  }
}
