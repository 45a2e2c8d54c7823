import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { DocumentPanel, type PanelGeometry, type PanelHost } from './document-panel.js';
import type { ExportFormat } from '../exporters/export-service.js';
import type { MarkdownEditor } from './editor/markdown-editor.js';
import { spawnTask } from './guard.js';
import { boundsIn, type WidgetBounds } from './widget-bounds.js';
import type { UiServices } from './services.js';

const CASCADE = 32;

/**
 * The open document panels, floating over the canvas in the window's
 * overlay. The last one raised is on top. Reports changes so the window can
 * remember which panels were open, and where, across restarts.
 */
export class PanelLayer implements PanelHost {
  private readonly panels: DocumentPanel[] = [];

  constructor(
    private readonly overlay: GtkT.Overlay,
    private readonly services: UiServices,
    private readonly onChanged: () => void,
    /** The overlay children that must stay above the panels (the search overlay, the command bar). */
    private readonly topmost: () => readonly GtkT.Widget[],
    /** Opens the export dialog for a document (the window owns dialogs and toasts). */
    private readonly onExport: (documentId: string, format: ExportFormat) => void,
    readonly toast: (message: string) => void,
    /** A copy was made of an imported document (Make It Mine): the window plays the canvas's ingest morph. */
    private readonly onCopyMade: (id: string) => void = () => undefined,
  ) {}

  get open(): { id: string; x: number; y: number; width: number; height: number }[] {
    return this.panels.map((panel) => ({ id: panel.id, ...panel.geometry }));
  }

  /** What each open panel shows, for the test probe. */
  get states(): { id: string; view: string; versions: number; diffParts: number; title: string; shows: string; firstPaintMs: number | null; editor: Record<string, unknown> | null }[] {
    return this.panels.map((panel) => ({ id: panel.id, ...panel.state }));
  }

  /** Where each open panel was laid out, in `relativeTo`'s coordinates (null until it has a size), for the test probe. */
  allocations(relativeTo: GtkT.Widget): { id: string; bounds: WidgetBounds | null }[] {
    return this.panels.map((panel) => ({ id: panel.id, bounds: boundsIn(panel.widget, relativeTo) }));
  }

  has(id: string): boolean {
    return this.panels.some((panel) => panel.id === id);
  }

  /** Opens a document's panel, or raises it when already open. */
  show(id: string, geometry?: PanelGeometry): boolean {
    const existing = this.panels.find((panel) => panel.id === id);
    if (existing) {
      this.raise(existing);
      return true;
    }
    const meta = this.services.meta(id);
    if (!meta) return false;
    const width = this.overlay.getWidth();
    const offset = (this.panels.length % 6) * CASCADE;
    const place = geometry ?? { x: Math.max(24, width - 560 - 24 - offset), y: 24 + offset, width: 520, height: 560 };
    const panel = new DocumentPanel(id, meta, place, this.services, this);
    this.panels.push(panel);
    this.overlay.addOverlay(panel.widget);
    this.keepTopmost();
    this.onChanged();
    return true;
  }

  close(panel: DocumentPanel): void {
    const index = this.panels.indexOf(panel);
    if (index < 0) return;
    this.panels.splice(index, 1);
    this.overlay.removeOverlay(panel.widget);
    spawnTask('panel.dispose', () => panel.dispose());
    this.onChanged();
  }

  openCopy(id: string): void {
    this.onCopyMade(id);
    if (this.show(id)) this.focusEditor(id);
  }

  /** Starts renaming the front document (F2). */
  renameFront(): void {
    this.panels[this.panels.length - 1]?.startRename();
  }

  /** Puts the cursor in a document's editor (a new note). */
  focusEditor(id: string): void {
    this.panels.find((panel) => panel.id === id)?.focusEditor();
  }

  /** Selects and scrolls to a range of a document's text in its panel (a cited passage). */
  revealRange(id: string, start: number, end: number): void {
    this.panels.find((panel) => panel.id === id)?.revealRange(start, end);
  }

  /** The editor that has the keyboard focus and its document, if any (where dictation goes). */
  get focusedEditorDocument(): { id: string; editor: MarkdownEditor } | undefined {
    for (const panel of this.panels) {
      const editor = panel.focusedEditor;
      if (editor) return { id: panel.id, editor };
    }
    return undefined;
  }

  /** The editor that has the keyboard focus, if any. */
  get focusedEditor(): MarkdownEditor | undefined {
    for (const panel of this.panels) {
      const editor = panel.focusedEditor;
      if (editor) return editor;
    }
    return undefined;
  }

  /** Ends every editing session (the window closes); the panels stay for the saved state. */
  disposeAll(): Promise<void> {
    return Promise.all(this.panels.map((panel) => panel.dispose())).then(() => undefined);
  }

  closeById(id: string): void {
    const panel = this.panels.find((p) => p.id === id);
    if (panel) this.close(panel);
  }

  raise(panel: DocumentPanel): void {
    const index = this.panels.indexOf(panel);
    if (index < 0 || index === this.panels.length - 1) return;
    this.panels.splice(index, 1);
    this.panels.push(panel);
    // Overlay children stack in insertion order: re-adding puts it on top.
    this.overlay.removeOverlay(panel.widget);
    this.overlay.addOverlay(panel.widget);
    this.keepTopmost();
  }

  exportDocument(panel: DocumentPanel, format: ExportFormat): void {
    this.onExport(panel.id, format);
  }

  moved(_panel: DocumentPanel): void {
    this.onChanged();
  }

  private keepTopmost(): void {
    for (const top of this.topmost()) {
      this.overlay.removeOverlay(top);
      this.overlay.addOverlay(top);
    }
  }
}
