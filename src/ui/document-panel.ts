import { _, format } from '../core/index.js';
import type { ExportFormat } from '../exporters/export-service.js';
import type { DocumentMeta } from '../store/records.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, Gio, Gtk, Pango } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { DOC_TYPE_LABELS } from './doc-type-labels.js';
import { exportButton } from './export-button.js';
import { escapeMarkup } from './markdown-pango.js';
import type { UiCommit, UiServices } from './services.js';
import { ImageViewer, type ImageViewerState } from './image-viewer/image-viewer.js';
import { MarkdownEditor, type EditorCommand } from './editor/markdown-editor.js';
import { appendMarkdownBlocks } from './editor/markdown-preview.js';
import { READ_ONLY_PREVIEW_CHARS, editability } from '../skills/core/markdown-editor/index.js';
import { afterNextPaint } from './editor/after-next-paint.js';
import { LINK_RELATED_TOOLTIP, RelatedList } from './related-list.js';
import { buttonCenter } from './widget-lookup.js';

export interface PanelGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelHost {
  close(panel: DocumentPanel): void;
  /** Opens the export dialog for the panel's document in a format. */
  exportDocument(panel: DocumentPanel, format: ExportFormat): void;
  toast(message: string): void;
  /** Opens a new copy of a document (Make It Mine) with the cursor in its editor. */
  openCopy(id: string): void;
  raise(panel: DocumentPanel): void;
  moved(panel: DocumentPanel): void;
  /** Opens (or raises) another document's panel. */
  show(id: string): boolean;
}

const MIN_WIDTH = 320;
const MIN_HEIGHT = 240;

/**
 * A document shown as a floating panel over the canvas: a header to drag it
 * by (with the sovereignty badge, title and close button), the rendered
 * document, its metadata, and its history with a diff between versions. A
 * grip in the corner resizes it.
 */
export class DocumentPanel {
  readonly widget: GtkT.Box;
  private readonly body: GtkT.Box;
  private readonly history: GtkT.ListBox;
  private readonly related: RelatedList;
  private readonly switcher: GtkT.StackSwitcher;
  private readonly diffView: GtkT.Label;
  private commits: UiCommit[] = [];
  private diffParts = 0;
  private readonly stack: GtkT.Stack;
  /** Shown instead of the text body for an image document. */
  private readonly imageViewer: ImageViewer | null;
  private readonly page: GtkT.Box;
  private editor: MarkdownEditor | undefined;
  private focusWhenReady = false;
  private revealWhenReady: { start: number; end: number } | undefined;
  /** What the document page shows: the editor, or why it is read-only. */
  private shows: 'loading' | 'editor' | 'too-large' | 'external' | 'not-text' | 'image' = 'loading';
  private readonly titleLabel: GtkT.EditableLabel;
  private readonly openedAt = performance.now();
  /** From the panel's creation to the first frame showing its document (ms). */
  private firstPaintMs: number | undefined;
  geometry: PanelGeometry;

  constructor(
    readonly id: string,
    meta: DocumentMeta,
    geometry: PanelGeometry,
    private readonly services: UiServices,
    private readonly host: PanelHost,
  ) {
    this.geometry = { ...geometry };
    const panel = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, halign: Gtk.Align.START, valign: Gtk.Align.START });
    panel.addCssClass('document-panel');
    setAccessibleLabel(panel, format(_('Document: {title}'), { title: meta.title }));
    this.widget = panel;

    this.titleLabel = new Gtk.EditableLabel({ text: meta.title, xalign: 0, hexpand: true, editable: meta.isOwned });
    panel.append(this.header(meta));

    const stack = new Gtk.Stack({ vexpand: true, transitionType: Gtk.StackTransitionType.CROSSFADE });
    this.stack = stack;
    this.body = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 10 });
    this.body.addCssClass('document-body');
    // The document page: the editor, the image viewer, or the rendered text for what is not edited here.
    this.page = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, vexpand: true });
    stack.addTitled(this.page, 'document', _('Document'));
    this.imageViewer = meta.docType === 'image' ? new ImageViewer(meta, () => this.host.moved(this), (mediaRef, name) => this.services.originalFile(mediaRef, name)) : null;
    if (this.imageViewer) {
      this.imageViewer.widget.setVexpand(true);
      this.page.append(this.imageViewer.widget);
      this.shows = 'image';
    }

    const historyBox = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8 });
    historyBox.addCssClass('document-history');
    this.history = new Gtk.ListBox({ selectionMode: Gtk.SelectionMode.MULTIPLE });
    this.history.addCssClass('boxed-list');
    setAccessibleLabel(this.history, _('Versions'));
    this.history.on('selected-rows-changed', guard('panel.history', undefined, () => this.showDiff()));
    this.diffView = new Gtk.Label({ xalign: 0, wrap: true, selectable: true, useMarkup: true });
    this.diffView.addCssClass('diff');
    const hint = new Gtk.Label({ label: _('Select two versions to compare them.'), xalign: 0 });
    hint.addCssClass('dim-label');
    hint.addCssClass('caption');
    historyBox.append(hint);
    historyBox.append(this.history);
    historyBox.append(this.diffView);
    const historyScroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true });
    historyScroller.setChild(historyBox);
    stack.addTitled(historyScroller, 'history', _('History'));
    this.related = new RelatedList(id, services, { open: (other) => void this.host.show(other), toast: (message) => this.host.toast(message) });
    stack.addTitled(this.related.widget, 'related', _('Related'));
    stack.on('notify::visible-child-name', guard('panel.stack', undefined, () => {
      if (stack.getVisibleChildName() === 'history') spawnTask('panel.history', () => this.loadHistory());
      if (stack.getVisibleChildName() === 'related') spawnTask('panel.related', () => this.related.load());
    }));

    const switcher = new Gtk.StackSwitcher({ stack, halign: Gtk.Align.CENTER });
    this.switcher = switcher;
    switcher.addCssClass('panel-switcher');
    panel.append(switcher);
    panel.append(stack);
    panel.append(this.footer());
    this.applyGeometry();
    if (!this.imageViewer) spawnTask('panel.content', () => this.loadContent());

    const focus = new Gtk.GestureClick();
    focus.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
    focus.on('pressed', guard('panel.raise', undefined, () => this.host.raise(this)));
    panel.addController(focus);
  }

  /** What the panel shows, for the test probe. */
  get state(): {
    view: string;
    versions: number;
    diffParts: number;
    title: string;
    shows: string;
    firstPaintMs: number | null;
    editor: Record<string, unknown> | null;
    image: ImageViewerState | null;
    related: { loading: boolean; ids: string[]; status: string; tab: { x: number; y: number } | null; firstLink: { x: number; y: number } | null };
  } {
    return {
      view: this.stack.getVisibleChildName() ?? '',
      versions: this.commits.length,
      diffParts: this.diffParts,
      title: this.titleLabel.getText(),
      shows: this.shows,
      firstPaintMs: this.firstPaintMs ?? null,
      editor: this.editor?.state ?? null,
      image: this.imageViewer?.state ?? null,
      related: { ...this.related.state, tab: this.relatedTabCenter(), firstLink: this.linkButtonCenter() },
    };
  }

  /** Where the switcher's Related button is in the window's surface, for the test probe (it is the third page). */
  private relatedTabCenter(): { x: number; y: number } | null {
    const window = this.widget.getRoot() as GtkT.Window | null;
    const tab = this.switcher.getFirstChild()?.getNextSibling()?.getNextSibling();
    if (!window || !tab) return null;
    const [ok, x, y] = tab.translateCoordinates(window, tab.getWidth() / 2, tab.getHeight() / 2);
    if (!ok || !tab.getMapped()) return null;
    const [sx, sy] = window.getSurfaceTransform();
    return { x: x + sx, y: y + sy };
  }

  /** The first Related row's link button, for the test probe. */
  private linkButtonCenter(): { x: number; y: number } | null {
    const window = this.widget.getRoot() as GtkT.Window | null;
    return window && this.related.widget.getMapped() ? buttonCenter(window, this.related.widget, { tooltip: LINK_RELATED_TOOLTIP }) : null;
  }

  /** F2: the title becomes editable (owned documents only). */
  startRename(): void {
    if (this.titleLabel.getEditable()) this.titleLabel.startEditing();
  }

  /** Puts the cursor in the editor, now or as soon as the text has loaded. */
  focusEditor(): void {
    if (this.editor) this.editor.focus();
    else this.focusWhenReady = true;
  }

  /** Shows the characters [start, end) selected in the editor, now or as soon as the text has loaded (a citation's passage). */
  revealRange(start: number, end: number): void {
    if (this.editor) this.editor.revealRange(start, end);
    else this.revealWhenReady = { start, end };
  }

  /** The editor, when it holds the keyboard focus (the window routes Ctrl+K and Ctrl+F to it). */
  get focusedEditor(): MarkdownEditor | undefined {
    return this.editor?.hasFocus ? this.editor : undefined;
  }

  runEditorCommand(command: EditorCommand): boolean {
    if (!this.editor) return false;
    this.editor.run(command);
    return true;
  }

  /** The panel goes away: an open editing session ends as a version. */
  async dispose(): Promise<void> {
    this.imageViewer?.dispose();
    await this.editor?.close();
  }

  applyGeometry(): void {
    this.widget.setMarginStart(Math.max(0, Math.round(this.geometry.x)));
    this.widget.setMarginTop(Math.max(0, Math.round(this.geometry.y)));
    this.widget.setSizeRequest(Math.round(this.geometry.width), Math.round(this.geometry.height));
  }

  private header(meta: DocumentMeta): GtkT.Box {
    const header = new Gtk.Box({ spacing: 8 });
    header.addCssClass('panel-header');
    const badge = new Gtk.Label({ label: meta.isOwned ? _('Owned') : _('External'), valign: Gtk.Align.CENTER });
    badge.addCssClass('sovereignty-badge');
    badge.addCssClass(meta.isOwned ? 'owned' : 'external');
    badge.setTooltipText(meta.isOwned ? _('Written here; yours') : _('Imported from elsewhere'));
    header.append(badge);
    const title = this.titleLabel;
    title.addCssClass('heading');
    title.setTooltipText(meta.isOwned ? _('Click to rename') : meta.title);
    setAccessibleLabel(title, _('Title'));
    title.on('notify::editing', guard('panel.rename', undefined, () => {
      if (!title.getEditing()) this.rename(title.getText());
    }));
    header.append(title);
    const exportMenu = exportButton(format(_('Export {title}…'), { title: meta.title }), () => this.host.exportDocument(this, 'pdf'));
    exportMenu.addCssClass('flat');
    exportMenu.addCssClass('circular');
    header.append(exportMenu);
    if (meta.mediaRef && this.services.canShowOriginals) header.append(this.showOriginalButton(meta.mediaRef, meta.title));
    const close = new Gtk.Button({ iconName: 'window-close-symbolic', valign: Gtk.Align.CENTER, tooltipText: _('Close') });
    close.addCssClass('flat');
    close.addCssClass('circular');
    setAccessibleLabel(close, format(_('Close {title}'), { title: meta.title }));
    close.on('clicked', guard('panel.close', undefined, () => this.host.close(this)));
    header.append(close);

    const drag = new Gtk.GestureDrag();
    let origin = { x: 0, y: 0 };
    drag.on('drag-begin', guard('panel.drag-begin', undefined, () => {
      origin = { x: this.geometry.x, y: this.geometry.y };
      this.host.raise(this);
    }));
    drag.on('drag-update', guard('panel.drag', undefined, (dx: number, dy: number) => {
      this.geometry.x = Math.max(0, origin.x + dx);
      this.geometry.y = Math.max(0, origin.y + dy);
      this.applyGeometry();
    }));
    drag.on('drag-end', guard('panel.drag-end', undefined, () => this.host.moved(this)));
    header.addController(drag);
    header.setCursorFromName('grab');

    const meta2 = new Gtk.Label({
      label: format(_('{type} · modified {date}'), {
        type: DOC_TYPE_LABELS[meta.docType],
        date: meta.modifiedAt.toLocaleDateString(undefined, { dateStyle: 'medium' }),
      }),
      xalign: 0,
    });
    meta2.addCssClass('dim-label');
    meta2.addCssClass('caption');
    const wrapper = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    wrapper.append(header);
    wrapper.append(meta2);
    wrapper.addCssClass('panel-titlebar');
    return wrapper as GtkT.Box;
  }

  /** Opens the imported original (attachments/<sha256>; decrypted first in a vault) in the app the desktop chooses for it. */
  private showOriginalButton(mediaRef: string, title: string): GtkT.Button {
    const button = new Gtk.Button({ iconName: 'document-open-symbolic', valign: Gtk.Align.CENTER, tooltipText: _('Show Original') });
    button.addCssClass('flat');
    button.addCssClass('circular');
    setAccessibleLabel(button, format(_('Show the original of {title}'), { title }));
    button.on('clicked', guard('panel.show-original', undefined, () => {
      spawnTask('panel.show-original', async () => {
        const file = await this.services.originalFile(mediaRef, title);
        // GTK 4.8 has no Gtk.FileLauncher; showUri hands the file to its default app through the portal or GIO.
        if (file) Gtk.showUri(this.widget.getRoot() as unknown as GtkT.Window, Gio.File.newForPath(file).getUri(), Gdk.CURRENT_TIME);
      });
    }));
    return button;
  }

  private footer(): GtkT.Box {
    const footer = new Gtk.Box({ halign: Gtk.Align.END });
    const grip = new Gtk.Image({ iconName: 'list-drag-handle-symbolic', pixelSize: 12 });
    grip.addCssClass('resize-grip');
    grip.setCursorFromName('se-resize');
    setAccessibleLabel(grip, _('Resize'));
    const drag = new Gtk.GestureDrag();
    let origin = { width: 0, height: 0 };
    drag.on('drag-begin', guard('panel.resize-begin', undefined, () => {
      origin = { width: this.geometry.width, height: this.geometry.height };
    }));
    drag.on('drag-update', guard('panel.resize', undefined, (dx: number, dy: number) => {
      this.geometry.width = Math.max(MIN_WIDTH, origin.width + dx);
      this.geometry.height = Math.max(MIN_HEIGHT, origin.height + dy);
      this.applyGeometry();
    }));
    drag.on('drag-end', guard('panel.resize-end', undefined, () => this.host.moved(this)));
    grip.addController(drag);
    footer.append(grip);
    return footer;
  }

  private rename(title: string): void {
    const current = this.services.meta(this.id)?.title ?? '';
    if (title.trim() === current) return;
    spawnTask('panel.rename', async () => {
      try {
        const editing = await this.services.editing();
        const meta = await editing.rename(this.id, title);
        this.titleLabel.setText(meta.title);
      } catch (error) {
        this.titleLabel.setText(current);
        this.host.toast(format(_('Could not rename: {reason}'), { reason: (error as Error).message }));
      }
      this.host.moved(this);
    });
  }

  private async loadContent(): Promise<void> {
    const document = await this.services.content(this.id);
    const can = editability(document, document.content.length);
    this.shows = can.kind === 'editable' ? 'editor' : can.kind;
    if (can.kind === 'editable') {
      const editing = await this.services.editing();
      this.editor = new MarkdownEditor(this.id, document.content, { editing, toast: (message) => this.host.toast(message) });
      this.page.append(this.editor.widget);
      afterNextPaint(this.widget, () => (this.firstPaintMs = performance.now() - this.openedAt));
      if (this.focusWhenReady) this.editor.focus();
      if (this.revealWhenReady) {
        const { start, end } = this.revealWhenReady;
        // After the first layout: scrolling needs the lines measured.
        afterNextPaint(this.widget, () => this.editor?.revealRange(start, end));
      }
      this.host.moved(this);
      return;
    }
    const scroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true });
    scroller.setChild(this.body);
    if (can.kind === 'too-large') {
      const notice = new Gtk.Label({
        label: format(_('This document is too large to edit here ({size} characters; the editor opens up to {limit}). The beginning is shown read-only.'), {
          size: can.characters.toLocaleString(),
          limit: can.limit.toLocaleString(),
        }),
        wrap: true,
        xalign: 0,
      });
      notice.addCssClass('editor-notice');
      this.page.append(notice);
      // Plain text, not rendered: laying out megabytes of markup would hold the window.
      const text = new Gtk.Label({ label: document.content.slice(0, READ_ONLY_PREVIEW_CHARS), xalign: 0, wrap: true, selectable: true });
      text.setWrapMode(Pango.WrapMode.WORD_CHAR);
      this.body.append(text);
      this.page.append(scroller);
      this.host.moved(this);
      return;
    }
    if (can.kind === 'external') this.page.append(this.makeItMineBar());
    this.page.append(scroller);
    appendMarkdownBlocks(this.body, document.content);
  }

  /** Over an imported document: it is read-only here, and can be copied as one's own to edit. */
  private makeItMineBar(): GtkT.Box {
    const bar = new Gtk.Box({ spacing: 8 });
    bar.addCssClass('editor-notice');
    const label = new Gtk.Label({ label: _('Imported: read-only. Make a copy of your own to edit it.'), xalign: 0, wrap: true, hexpand: true });
    label.addCssClass('dim-label');
    const button = new Gtk.Button({ label: _('_Make It Mine'), useUnderline: true, valign: Gtk.Align.CENTER });
    button.addCssClass('suggested-action');
    button.on('clicked', guard('panel.make-it-mine', undefined, () => {
      button.setSensitive(false);
      spawnTask('panel.make-it-mine', async () => {
        try {
          const editing = await this.services.editing();
          this.host.openCopy(await editing.makeItMine(this.id));
        } catch (error) {
          button.setSensitive(true);
          this.host.toast(format(_('Could not make it yours: {reason}'), { reason: (error as Error).message }));
        }
      });
    }));
    bar.append(label);
    bar.append(button);
    return bar;
  }

  private async loadHistory(): Promise<void> {
    // Always fresh: the editor adds versions while the panel is open.
    this.commits = await this.services.history(this.id);
    for (let child = this.history.getFirstChild(); child; child = this.history.getFirstChild()) this.history.remove(child);
    for (const commit of this.commits) {
      const row = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 2 });
      row.addCssClass('history-row');
      const message = new Gtk.Label({ label: commit.message || _('Saved'), xalign: 0 });
      const when = new Gtk.Label({ label: `${commit.author} · ${commit.createdAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`, xalign: 0 });
      when.addCssClass('dim-label');
      when.addCssClass('caption');
      row.append(message);
      row.append(when);
      this.history.append(row);
    }
    this.host.moved(this);
  }

  private showDiff(): void {
    const rows = this.history.getSelectedRows().map((row) => row.getIndex()).sort((a, b) => b - a);
    if (rows.length !== 2) {
      this.diffView.setMarkup('');
      this.diffParts = 0;
      return;
    }
    const older = this.commits[rows[0]!]!;
    const newer = this.commits[rows[1]!]!;
    spawnTask('panel.diff', async () => {
      const parts = await this.services.diff(older.id, newer.id);
      this.diffParts = parts.filter((part) => part.kind !== 'same').length;
      this.host.moved(this);
      this.diffView.setMarkup(
        parts
          .map((part) =>
            part.kind === 'same'
              ? escapeMarkup(part.text)
              : `<span class="${part.kind}" ${part.kind === 'added' ? 'background="#2ec27e40"' : 'background="#e01b2440" strikethrough="true"'}>${escapeMarkup(part.text)}</span>`.replace(/ class="\w+"/, ''),
          )
          .join(''),
      );
    });
  }
}
