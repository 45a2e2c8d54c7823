import { _, format, ngettext } from '../core/index.js';
import { DOC_TYPES } from '../store/records.js';
import { DOC_TYPE_LABELS } from './doc-type-labels.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { hasKeyboardFocus, overlayEntry, overlayFrame, overlayRows, overlayStatus } from './overlay-card.js';
import type { UiSearchAnswer, UiSearchFilters, UiSearchHit, UiServices } from './services.js';

const RESULT_LIMIT = 30;
const DAY_MS = 86_400_000;

/** Time boxes offered by the date filter: label and span back from now (0 = any time). */
const TIMEBOXES: readonly [string, number][] = [
  [_('Any Time'), 0],
  [_('Past Day'), DAY_MS],
  [_('Past Week'), 7 * DAY_MS],
  [_('Past Month'), 31 * DAY_MS],
  [_('Past Year'), 366 * DAY_MS],
];


/**
 * The search overlay (Ctrl+F or /): a card over the blurred canvas with an
 * entry, filters and a keyboard-navigable result list. Choosing a result
 * hands its id to `onChoose` (the window moves the camera and opens it).
 */
export class SearchOverlay {
  readonly widget: GtkT.Revealer;
  private readonly entry: GtkT.SearchEntry;
  private readonly list: GtkT.ListBox;
  private readonly status: GtkT.Label;
  private readonly typeFilter: GtkT.DropDown;
  private readonly ownerFilter: GtkT.DropDown;
  private readonly threadFilter: GtkT.DropDown;
  private readonly timeFilter: GtkT.DropDown;
  private threadIds: (string | null)[] = [];
  private hits: UiSearchHit[] = [];
  private hitsQuery = '';
  /** How the shown results were found: words at once, then words and meaning fused when the query is embedded. */
  private hitsMode: 'bm25' | 'hybrid' = 'bm25';
  private notice = '';
  /** The hybrid search in flight; a newer query or filter aborts it. */
  private hybrid: AbortController | undefined;

  constructor(
    private readonly services: UiServices,
    private readonly onChoose: (id: string) => void,
    private readonly onClosed: () => void,
  ) {
    const frame = overlayFrame('search', () => this.hide());
    this.widget = frame.widget;
    const card = frame.card;

    this.entry = overlayEntry('search', {
      placeholder: _('Search documents'),
      label: _('Search documents'),
      changedSignal: 'search-changed',
      onChanged: () => this.refresh(),
      onActivate: () => this.chooseSelected(),
      onStop: () => this.hide(),
      onKey: (keyval) => this.key(keyval),
    });

    const filters = new Gtk.Box({ spacing: 6 });
    filters.addCssClass('search-filters');
    this.typeFilter = this.dropDown(_('Type'), [_('All Types'), ...DOC_TYPES.map((type) => DOC_TYPE_LABELS[type])]);
    this.ownerFilter = this.dropDown(_('Sovereignty'), [_('Owned and External'), _('Owned'), _('External')]);
    this.threadFilter = this.dropDown(_('Thread'), [_('All Threads')]);
    this.timeFilter = this.dropDown(_('Time Box'), TIMEBOXES.map(([label]) => label));
    for (const dropDown of [this.typeFilter, this.ownerFilter, this.threadFilter, this.timeFilter]) filters.append(dropDown);

    const rows = overlayRows('search', _('Search results'), (index) => this.choose(index));
    this.list = rows.list;

    this.status = overlayStatus();

    card.append(this.entry);
    card.append(filters);
    card.append(new Gtk.Separator());
    card.append(rows.scroller);
    card.append(this.status);
  }

  get visible(): boolean {
    return this.widget.getRevealChild();
  }

  /** Whether typing goes into the search entry now. */
  get focused(): boolean {
    return hasKeyboardFocus(this.entry);
  }

  get query(): string {
    return this.entry.getText();
  }

  get resultIds(): string[] {
    return this.hits.map((hit) => hit.id);
  }

  /** The query the current results answer: the entry reports changes after a short delay, so it can lag the text. */
  get resultsQuery(): string {
    return this.hitsQuery;
  }

  /** How the current results were found, and what the person was told about it. */
  get resultsMode(): { mode: 'bm25' | 'hybrid'; notice: string } {
    return { mode: this.hitsMode, notice: this.notice };
  }

  show(text?: string): void {
    this.refreshThreads();
    this.widget.setVisible(true);
    this.widget.setRevealChild(true);
    if (text !== undefined) this.entry.setText(text);
    this.refresh();
    this.entry.grabFocus();
    this.entry.selectRegion(0, -1);
  }

  hide(): void {
    if (!this.visible) return;
    this.hybrid?.abort();
    this.hybrid = undefined;
    this.widget.setRevealChild(false);
    this.widget.setVisible(false);
    this.onClosed();
  }

  private dropDown(name: string, labels: string[]): GtkT.DropDown {
    const dropDown = Gtk.DropDown.newFromStrings(labels);
    dropDown.setTooltipText(name);
    setAccessibleLabel(dropDown, name);
    dropDown.on('notify::selected', guard('search.filter', undefined, () => this.refresh()));
    return dropDown;
  }

  private refreshThreads(): void {
    const threads = this.services.threads();
    this.threadIds = [null, ...threads.map((thread) => thread.id)];
    const model = Gtk.StringList.new([_('All Threads'), ...threads.map((thread) => thread.name)]);
    this.threadFilter.setModel(model);
    this.threadFilter.setSelected(0);
  }

  private filters(): UiSearchFilters {
    const filters: UiSearchFilters = {};
    const type = this.typeFilter.getSelected();
    if (type > 0) filters.docTypes = [DOC_TYPES[type - 1]!];
    const owner = this.ownerFilter.getSelected();
    if (owner > 0) filters.owned = owner === 1;
    const thread = this.threadFilter.getSelected();
    if (thread > 0 && thread < this.threadIds.length) filters.threadIds = [this.threadIds[thread]!];
    const span = TIMEBOXES[this.timeFilter.getSelected()]?.[1] ?? 0;
    if (span > 0) filters.from = new Date(Date.now() - span);
    return filters;
  }

  private refresh(): void {
    if (!this.services.searchReady) {
      this.status.setLabel(_('Preparing search…'));
      spawnTask('search.prepare', async () => {
        await this.services.prepareSearch();
        if (this.visible) this.refresh();
      });
      return;
    }
    const query = this.entry.getText().trim();
    const filters = this.filters();
    this.hybrid?.abort();
    this.hybrid = undefined;
    // Words answer at once (in-process index); the fused list replaces them when the query is embedded.
    this.showHits(query, query || Object.keys(filters).length > 0 ? this.services.search(query, filters, RESULT_LIMIT) : [], { mode: 'bm25' });
    if (!query) return;
    const controller = new AbortController();
    this.hybrid = controller;
    spawnTask('search.hybrid', async () => {
      let answer: UiSearchAnswer;
      try {
        answer = await this.services.searchHybrid(query, filters, RESULT_LIMIT, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        throw error;
      }
      if (controller.signal.aborted || !this.visible) return;
      this.hybrid = undefined;
      this.showHits(query, answer.hits, answer);
    });
  }

  private showHits(query: string, hits: UiSearchHit[], how: { mode: 'bm25' | 'hybrid'; notice?: string }): void {
    const selectedId = query === this.hitsQuery ? this.hits[this.list.getSelectedRow()?.getIndex() ?? -1]?.id : undefined;
    this.hitsQuery = query;
    this.hits = hits;
    this.hitsMode = how.mode;
    this.notice = how.notice ?? '';
    let row = this.list.getFirstChild();
    while (row) {
      const next = row.getNextSibling();
      this.list.remove(row);
      row = next;
    }
    for (const hit of this.hits) this.list.append(this.row(hit));
    // The fused list arriving keeps the row the person moved to, when it is still there.
    const keep = selectedId === undefined ? 0 : Math.max(0, this.hits.findIndex((hit) => hit.id === selectedId));
    const selected = this.list.getRowAtIndex(keep);
    if (selected) this.list.selectRow(selected);
    const count =
      query === '' && this.hits.length === 0
        ? _('Type to search titles and text. Enter opens, arrows move, Esc closes.')
        : this.hits.length === 0
          ? _('No documents match')
          : format(ngettext('{count} result', '{count} results', this.hits.length), { count: this.hits.length });
    this.status.setLabel(this.notice ? `${count} · ${this.notice}` : count);
    this.changed?.();
  }

  /** Set by the window: the probe re-reads the overlay when asynchronous results arrive. */
  changed: (() => void) | undefined;

  private row(hit: UiSearchHit): GtkT.ListBoxRow {
    const meta = this.services.meta(hit.id);
    const owned = meta?.isOwned ?? true;
    const box = new Gtk.Box({ spacing: 12 });
    const shape = new Gtk.Box({ valign: Gtk.Align.CENTER });
    shape.addCssClass('sovereignty-shape');
    shape.addCssClass(owned ? 'owned' : 'external');
    box.append(shape);
    const text = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, hexpand: true, spacing: 2 });
    const title = new Gtk.Label({ label: hit.title, xalign: 0, ellipsize: 3 });
    title.addCssClass('heading');
    text.append(title);
    if (hit.snippet) {
      const snippet = new Gtk.Label({ label: hit.snippet, xalign: 0, ellipsize: 3 });
      snippet.addCssClass('dim-label');
      snippet.addCssClass('caption');
      text.append(snippet);
    }
    box.append(text);
    const type = new Gtk.Label({ label: `${DOC_TYPE_LABELS[hit.docType]} · ${owned ? _('Owned') : _('External')}`, valign: Gtk.Align.CENTER });
    type.addCssClass('dim-label');
    type.addCssClass('caption');
    box.append(type);
    const row = new Gtk.ListBoxRow({ child: box });
    setAccessibleLabel(row, `${hit.title}, ${DOC_TYPE_LABELS[hit.docType]}, ${owned ? _('Owned') : _('External')}`);
    return row;
  }

  private key(keyval: number): boolean {
    const selected = this.list.getSelectedRow()?.getIndex() ?? -1;
    if (keyval === Gdk.KEY_Down || keyval === Gdk.KEY_Up) {
      const next = Math.max(0, Math.min(this.hits.length - 1, selected + (keyval === Gdk.KEY_Down ? 1 : -1)));
      const row = this.list.getRowAtIndex(next);
      if (row) this.list.selectRow(row);
      return true;
    }
    if (keyval === Gdk.KEY_Escape) {
      this.hide();
      return true;
    }
    return false;
  }

  private chooseSelected(): void {
    const index = this.list.getSelectedRow()?.getIndex() ?? 0;
    this.choose(index);
  }

  private choose(index: number): void {
    const hit = this.hits[index];
    if (!hit) return;
    this.hide();
    this.onChoose(hit.id);
  }
}
