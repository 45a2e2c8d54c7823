import path from 'node:path';
import { APP_NAME, _, createLogger, format, ngettext } from '../core/index.js';
import type { ExportFormat } from '../exporters/export-service.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gio, GLib, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import { CanvasView } from './canvas/canvas-view.js';
import { CommandBar } from './command-bar.js';
import { showCommandResult } from './command-effects.js';
import { createEmptyState } from './empty-state.js';
import { acceptFileDrops } from './file-drop.js';
import { showImportChooser, type ImportChooserMode } from './import-chooser.js';
import { ImportProgressBar } from './import-progress.js';
import { IndexingStatus } from './indexing-status.js';
import { OPEN_DOCUMENT_ACTION, OPEN_EXPORTED_ACTION, sendDesktopNotification, showFinishedNotice, sovereignHasFocus, type NoticeShownAs } from './finished-notice.js';
import { showExportDialog, type ExportChoice } from './export-dialog.js';
import { exportButton } from './export-button.js';
import { PanelLayer } from './panel-layer.js';
import type { PanelGeometry } from './document-panel.js';
import { SearchOverlay } from './search-overlay.js';
import type { UiImportSummary, UiServices, UiState } from './services.js';
import type { UiSettings } from './settings.js';
import { ModelOfferCard, CANCEL_LABEL, DOWNLOAD_LABEL, NOT_NOW_LABEL } from './model-offer.js';
import { IMPORT_MENU_TOOLTIP, Taskbar } from './taskbar.js';
import { boundsIn, type WidgetBounds } from './widget-bounds.js';
import { buttonCenter, findRemembered } from './widget-lookup.js';
import { ChatPanel } from './chat-panel.js';
import { WindowVoice } from './window-voice.js';
import { afterShown, delay } from './first-frame.js';
import type { AssistantContext, RunResult, UserIntent } from '../assistant/index.js';

const SAVE_STATE_DELAY_MS = 400;
const SEARCH_PREPARE_DELAY_MS = 1000;
const log = createLogger('ui.window');
/** What the Undo button of an action's toast runs: the orchestrator's undo, as "undo that" would. */
const UNDO_INTENT: UserIntent = { intent: 'edit_command', action: 'undo', confidence: 1, entities: {} };
/** Long enough to reach for Undo after reading what was done. */
const UNDO_TOAST_SECONDS = 10;
/** A notification shows a few lines: the whole summary is in the chat panel. */
const SUMMARY_NOTIFICATION_CHARS = 400;
/** The chat panel's width and margins at the window's right edge. */
const CHAT_PANEL_SPACE = 420 + 12;
/**
 * The least room left of the panels that a card is navigated into (logical
 * pixels): the thread labels (176), a card at full size (200) and its margins
 * (2 × 24). With less, the card is centred in the whole canvas instead.
 */
const MIN_FREE_WIDTH = 176 + 200 + 2 * 24;
const EXPORT_WORKSPACE_TOOLTIP = _('Export a Thread or the Workspace…');

/**
 * The main window: header bar with the app menu, the canvas (or the empty
 * state), floating document panels and the search overlay above it, the
 * taskbar along the bottom and toasts for feedback.
 */
export class MainWindow {
  readonly window: AdwT.ApplicationWindow;
  readonly panels: PanelLayer;
  readonly search: SearchOverlay;
  readonly commandBar: CommandBar;
  readonly chat: ChatPanel;
  /** The microphone button, push-to-talk and spoken answers. */
  readonly voice: WindowVoice;
  canvas: CanvasView | undefined;
  private readonly toasts: AdwT.ToastOverlay;
  private readonly stack: GtkT.Stack;
  private readonly overlay: GtkT.Overlay;
  private readonly title: AdwT.WindowTitle;
  private readonly header: AdwT.HeaderBar;
  private readonly taskbar: Taskbar;
  private readonly importProgress = new ImportProgressBar();
  /** The offer of a chat model when none is installed. */
  readonly modelOffer: ModelOfferCard;
  private readonly indexing: IndexingStatus;
  private saveTimer: NodeJS.Timeout | undefined;
  private focusedCardLabel = '';
  /** When the window first painted (epoch ms), for the start-up benchmark. */
  private firstPaintAt: number | undefined;
  private settledNow: () => void = () => undefined;
  /** Resolves once the window shows what it opened with (the canvas's first frame, or the empty state) and the loop was idle. */
  readonly settled = new Promise<void>((resolve) => (this.settledNow = resolve));
  private readonly stateListeners = new Set<() => void>();
  /** The last few toasts shown, newest last, for the snapshot. */
  private toastsShown: string[] = [];
  /** The voice's last message: a newer one replaces it (one that offers Speech Models stays until dismissed and would hide it). */
  private voiceToast: AdwT.Toast | undefined;
  /** The last file or folder exported from this window, for the test probe. */
  private lastExport: string | null = null;
  /** How the last finished job was announced, for the test probe. */
  private lastNotice: { title: string; shownAs: NoticeShownAs } | null = null;
  /** The import chooser while it is open, for the test probe. */
  private importChooser: { mode: ImportChooserMode; chooser: GtkT.FileChooserNative } | undefined;
  private closingEditors = false;
  private editorsClosed = false;

  constructor(
    private readonly application: AdwT.Application,
    private readonly services: UiServices,
    private readonly settings: UiSettings,
  ) {
    const size = settings.windowSize;
    this.window = new Adw.ApplicationWindow({ application, title: APP_NAME, defaultWidth: size.width, defaultHeight: size.height });
    if (size.maximized) this.window.maximize();

    this.title = new Adw.WindowTitle({ title: APP_NAME });
    const header = new Adw.HeaderBar({ titleWidget: this.title });
    this.header = header;
    const searchButton = new Gtk.Button({ iconName: 'system-search-symbolic', actionName: 'win.search', tooltipText: _('Search (Ctrl+F)') });
    setAccessibleLabel(searchButton, _('Search'));
    header.packStart(searchButton);
    const newButton = new Gtk.Button({ iconName: 'document-new-symbolic', actionName: 'win.new-note', tooltipText: _('New Note (Ctrl+N)') });
    setAccessibleLabel(newButton, _('New Note'));
    header.packStart(newButton);
    header.packEnd(this.menuButton());
    header.packEnd(exportButton(EXPORT_WORKSPACE_TOOLTIP, () => this.exportWorkspace()));

    this.stack = new Gtk.Stack({ hexpand: true, vexpand: true, transitionType: Gtk.StackTransitionType.CROSSFADE });
    this.stack.addNamed(createEmptyState(), 'empty');
    const loading = new Gtk.Spinner({ spinning: true, halign: Gtk.Align.CENTER, valign: Gtk.Align.CENTER, widthRequest: 32, heightRequest: 32 });
    this.stack.addNamed(loading, 'loading');
    this.stack.setVisibleChildName('loading');

    this.overlay = new Gtk.Overlay({ hexpand: true, vexpand: true });
    this.overlay.setChild(this.stack);
    this.search = new SearchOverlay(services, (id) => this.openDocument(id, { navigate: true }), () => {
      this.canvas?.widget.removeCssClass('blurred');
      this.canvas?.grabFocus();
      this.changed();
    });
    this.commandBar = new CommandBar(services, {
      context: () => this.commandContext(),
      showResult: (result) => this.showCommandResult(result),
      closed: () => {
        this.canvas?.widget.removeCssClass('blurred');
        // A command that opened a panel put the focus there; otherwise it goes back to the canvas.
        if (!this.panels.focusedEditor) this.canvas?.grabFocus();
        this.changed();
      },
    });
    this.panels = new PanelLayer(
      this.overlay,
      services,
      () => this.changed(true),
      () => [this.search.widget, this.commandBar.widget],
      (id, exportFormat) => this.exportDocument(id, exportFormat),
      (message) => this.toast(message),
      (id) => {
        this.canvas?.controller.playIngest(id);
        this.canvas?.queueFrame();
      },
    );
    this.chat = new ChatPanel(services, {
      openCitation: (citation) => {
        if (this.openDocument(citation.documentId, { navigate: true })) this.panels.revealRange(citation.documentId, citation.start, citation.end);
      },
      changed: () => this.changed(),
    });
    this.overlay.addOverlay(this.chat.widget);
    this.overlay.addOverlay(this.search.widget);
    this.overlay.addOverlay(this.commandBar.widget);
    this.overlay.addOverlay(this.importProgress.widget);
    this.modelOffer = new ModelOfferCard(services, settings, (message) => this.toast(message), () => this.changed());
    this.overlay.addOverlay(this.modelOffer.widget);
    spawnTask('window.model-offer', () => this.modelOffer.check());
    // Files dropped anywhere on the canvas import; dropped on a thread's row they go into that thread.
    acceptFileDrops(this.overlay, (paths, x, y) => this.importFiles(paths, { threadId: this.threadAt(x, y) }));
    // A thread's row has no widget of its own (the canvas draws it): a right click on its label exports that thread.
    const threadMenu = new Gtk.GestureClick({ button: 3 });
    threadMenu.on('pressed', guard('window.thread-export', undefined, (_count: number, x: number, y: number) => {
      const hit = this.canvas?.controller?.hitTest(x, y);
      if (hit?.kind === 'thread-label' && hit.threadId !== null) this.exportThread(hit.threadId);
    }));
    this.overlay.addController(threadMenu);

    this.taskbar = new Taskbar({
      open: (id) => this.openDocument(id, { navigate: true }),
      titleOf: (id) => services.meta(id)?.title,
      ownedOf: (id) => services.meta(id)?.isOwned ?? true,
    });

    this.voice = new WindowVoice({
      window: this.window as unknown as GtkT.Window,
      services,
      settings,
      focusedEditor: () => this.panels.focusedEditorDocument,
      createAndOpenNote: async () => {
        const id = await this.services.createNote();
        this.openDocument(id, { navigate: true });
        this.panels.focusEditor(id);
        return id;
      },
      runCommand: (transcript) => {
        this.search.hide();
        this.canvas?.widget.addCssClass('blurred');
        return this.commandBar.runSpoken(transcript);
      },
      message: (text, offer) => this.voiceMessage(text, offer),
      changed: () => this.changed(),
    });
    this.taskbar.widget.append(this.voice.button.widget);

    this.indexing = new IndexingStatus((paused) => services.pauseIndexing(paused));
    this.taskbar.addStatus(this.indexing.widget);
    services.onIndexingChanged((state) => {
      this.indexing.update(state);
      this.changed();
    });
    this.search.changed = () => this.changed();

    const content = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    content.append(header);
    content.append(this.overlay);
    content.append(this.taskbar.widget);
    this.toasts = new Adw.ToastOverlay();
    this.toasts.setChild(content);
    this.window.setContent(this.toasts);

    this.addActions();
    this.window.on('close-request', guard('window.close', false, () => {
      if (this.editorsClosed) return false;
      this.saveWindowSize();
      this.saveState();
      // The window waits until open editing sessions have ended as versions, then closes for real.
      if (this.closingEditors) return true;
      this.closingEditors = true;
      // Hidden first: the person sees the window go at once, and GTK 4.8 lays out a
      // visible window by asking for a motion event on the surface under the pointer,
      // which crashes (SIGSEGV in gdk_surface_request_motion) when that widget is in
      // an editor being torn down. A hidden window is not laid out.
      this.window.setVisible(false);
      spawnTask('window.close-editors', async () => {
        try {
          await Promise.all([this.panels.disposeAll(), this.voice.dispose()]);
        } finally {
          this.editorsClosed = true;
          // Not from inside this close-request: GTK ignores a close while it is still emitting one
          // (with nothing to save, the promise settles before the emission ends).
          setTimeout(guard('window.close-after-editors', undefined, () => this.window.close()), 0);
        }
      });
      return true;
    }));
    settings.onChanged((key) => {
      if (key === 'pinned-documents' || key === 'recent-documents') this.updateTaskbar();
    });
    services.onSkillFailed?.((skill) => this.toast(format(_('Skill ‘{name}’ stopped working and was disabled'), { name: skill.name })));
    // Once per store transaction, not per document: an import's transaction changes 50 at once.
    let documentsChangedQueued = false;
    services.onDocumentsChanged(() => {
      if (documentsChangedQueued) return;
      documentsChangedQueued = true;
      queueMicrotask(
        guard('window.documents-changed', undefined, () => {
          documentsChangedQueued = false;
          this.updateTitle();
          this.updateTaskbar();
          this.showCanvasOrEmpty();
        }),
      );
    });
  }

  /** Builds the canvas, restores the last state and shows the window. */
  async start(): Promise<void> {
    const clock = () => this.window.getFrameClock();
    this.window.on('realize', guard('window.realize', undefined, () => {
      const frameClock = clock();
      const firstPaint = guard('window.first-paint', undefined, () => {
        this.firstPaintAt ??= Date.now();
        frameClock?.off('after-paint', firstPaint);
        this.changed();
      });
      frameClock?.on('after-paint', firstPaint);
    }));
    this.window.present();
    this.updateTitle();
    this.updateTaskbar();
    const controller = await this.services.createCanvas(() => this.canvas?.queueFrame());
    // What the workspace offers is known now (the services may have arrived after the window).
    this.enableActions();
    this.updateTitle();
    this.updateTaskbar();
    this.canvas = new CanvasView(controller, () => this.showSearch());
    this.canvas.onFocusCard((id) => this.announceCard(id));
    controller.events.on('viewportChanged', () => this.changed(true));
    controller.events.on('cardActivated', ({ documentId }) => this.openDocument(documentId));
    controller.events.on('cardMoved', () => this.changed());
    controller.setTheme(Adw.StyleManager.getDefault().getDark() ? 'dark' : 'light');
    this.stack.addNamed(this.canvas.widget, 'canvas');
    const state = await this.services.loadUiState();
    if (state) this.restore(state);
    this.showCanvasOrEmpty();
    this.canvas.grabFocus();
    const empty = this.services.documentCount() === 0;
    // Search is not needed for the first frame: open its index once that frame is out.
    void afterShown(empty ? delay(SEARCH_PREPARE_DELAY_MS) : this.canvas.timings.firstFrame).then(this.settledNow);
    void this.settled.then(() =>
      spawnTask('window.prepare-search', async () => {
        await this.services.prepareSearch();
        // Then the encoder (in its worker) and the vector index, which keeps itself up to date from here on.
        this.services.startIndexing();
      }),
    );
  }

  /** Opens (or raises) a document's panel; with navigate, moves the camera to its card first. */
  openDocument(id: string, options: { navigate?: boolean } = {}): boolean {
    if (!this.services.meta(id)) {
      this.toast(_('That document no longer exists'));
      return false;
    }
    const shown = this.panels.show(id, this.chat.visible && !this.panels.has(id) ? this.besideChat() : undefined);
    try {
      if (options.navigate) this.navigateBesidePanels(id);
      else this.canvas?.controller.select(id);
    } catch (error) {
      // Not on the canvas yet (its update is coalesced): the panel opens anyway.
      log.debug('document not on the canvas yet', { id, error });
    }
    this.canvas?.queueFrame();
    this.settings.touchRecent(id);
    return shown;
  }

  /** Where a document panel opens while the chat panel is shown: to its left, so the answer stays readable beside the cited text. */
  private besideChat(): PanelGeometry {
    const width = this.overlay.getWidth();
    const offset = (this.panels.open.length % 6) * 24;
    return { x: Math.max(24, width - CHAT_PANEL_SPACE - 520 - 24 - offset), y: 24 + offset, width: 520, height: 560 };
  }

  /**
   * Moves the camera to a card, centred in the part of the canvas that the
   * document panels leave free: they open on the right, so that is the part
   * left of the leftmost panel, when a card fits there.
   */
  private navigateBesidePanels(id: string): void {
    const canvas = this.canvas;
    if (!canvas) return;
    // The overlay, not the canvas: the canvas fills it, but has no size yet while the welcome page shows (a first note).
    const width = this.overlay.getWidth();
    const height = this.overlay.getHeight();
    const left = Math.min(width, ...this.panels.open.map((panel) => panel.x));
    const free = left >= MIN_FREE_WIDTH ? { x: 0, y: 0, width: left, height } : undefined;
    canvas.controller.navigateToDocument(id, { animate: true, ...(free ? { free } : {}) });
  }

  showSearch(text?: string): void {
    this.canvas?.widget.addCssClass('blurred');
    this.search.show(text);
    this.changed();
  }

  /**
   * "Ask Sovereign about this file": the chat panel summarises the document,
   * and the summary also arrives as a desktop notification whose Open button
   * brings the document back (the person may have gone back to Files).
   */
  summarize(id: string): void {
    const title = this.services.meta(id)?.title ?? '';
    this.chat.summarize(id, title, (answer) => {
      const heading = format(_('Summary of “{title}”'), { title });
      const body = answer.notice && answer.status === 'no-model' ? `${answer.text} ${answer.notice}` : answer.text;
      sendDesktopNotification(this.application, {
        id: `summary-${id}`,
        title: heading,
        body: body.length > SUMMARY_NOTIFICATION_CHARS ? `${body.slice(0, SUMMARY_NOTIFICATION_CHARS - 1)}…` : body,
        button: { label: _('Open'), action: `app.${OPEN_DOCUMENT_ACTION}`, target: id },
      });
      this.lastNotice = { title: heading, shownAs: 'notification' };
      this.changed();
    });
  }

  showCommandBar(text?: string): void {
    this.search.hide();
    this.canvas?.widget.addCssClass('blurred');
    this.commandBar.show(text);
    this.changed();
  }

  /** What "this" and "it" mean to the command bar: the front panel's document (else the selected card) and its thread. */
  private commandContext(): AssistantContext {
    const open = this.panels.open;
    const documentId = open[open.length - 1]?.id ?? this.canvas?.controller.selectedId ?? undefined;
    const threadId = documentId !== undefined ? (this.services.meta(documentId)?.threadId ?? undefined) : undefined;
    return { ...(documentId !== undefined ? { documentId } : {}), ...(threadId !== undefined ? { threadId } : {}) };
  }

  private showCommandResult(result: RunResult): void {
    showCommandResult(
      {
        openDocument: (id) => this.openDocument(id, { navigate: true }),
        focusEditor: (id) => this.panels.focusEditor(id),
        showSearch: (query) => this.showSearch(query),
        showThread: (threadId) => this.canvas?.controller.zoomToThread(threadId, { animate: true }),
        showTime: (from, to) => this.canvas?.controller.showTimeRange(from.getTime(), to.getTime(), { animate: true }),
        ask: (question) => this.chat.ask(question),
        toast: (message, undo) => (undo ? this.undoToast(message, undo) : this.toast(message)),
      },
      result,
      () => this.undoLastCommand(),
    );
    this.changed();
  }

  private undoLastCommand(): void {
    spawnTask('command.undo', async () => {
      try {
        const assistant = await this.services.assistant();
        this.showCommandResult(await assistant.execute(UNDO_INTENT));
      } catch (error) {
        this.toast((error as Error).message);
      }
    });
  }

  /** A toast with an Undo button. */
  private undoToast(message: string, undo: () => void): void {
    const toast = new Adw.Toast({ title: message, buttonLabel: _('_Undo'), timeout: UNDO_TOAST_SECONDS });
    toast.on('button-clicked', guard('toast.undo', undefined, undo));
    this.toasts.addToast(toast);
    this.toastsShown = [...this.toastsShown.slice(-4), message];
  }

  /** Where a toast's Undo button is, in canvas coordinates, for the test probe. */
  private undoButton(): WidgetBounds | null {
    const label = _('_Undo');
    const button = this.onToasts((toast) => findRemembered(toast, 'undo', (widget) => widget instanceof Gtk.Button && (widget as GtkT.Button).getLabel() === label));
    return button && this.canvas ? boundsIn(button, this.canvas.widget) : null;
  }

  /** Where the taskbar's Ask button is, in canvas coordinates, for the test probe. */
  private askButton(): WidgetBounds | null {
    const button = findRemembered(this.taskbar.widget, 'ask', (widget) => widget instanceof Gtk.Button && (widget as GtkT.Button).getActionName() === 'win.ask');
    return button && this.canvas ? boundsIn(button, this.canvas.widget) : null;
  }

  /** The export dialog for one document: it, its thread or the whole workspace. */
  exportDocument(id: string, exportFormat: ExportFormat): void {
    const meta = this.services.meta(id);
    if (!meta) return this.toast(_('That document no longer exists'));
    const thread = meta.threadId === null ? undefined : this.services.threads().find((t) => t.id === meta.threadId);
    const choices: ExportChoice[] = [{ label: format(_('This document: {title}'), { title: meta.title }), name: meta.title, selection: { kind: 'document', documentId: id } }];
    if (thread) choices.push({ label: format(_('Its thread: {name}'), { name: thread.name }), name: thread.name, selection: { kind: 'thread', threadId: thread.id } });
    choices.push(this.workspaceChoice());
    this.showExport(choices, exportFormat);
  }

  /** The export dialog from the header bar: any thread, or the whole workspace. */
  exportWorkspace(): void {
    const threads: ExportChoice[] = this.services.threads().map((t) => ({ label: format(_('Thread: {name}'), { name: t.name }), name: t.name, selection: { kind: 'thread', threadId: t.id } }));
    this.showExport([...threads, this.workspaceChoice()], 'pdf');
  }

  /** The export dialog for one thread (a right click on its row), the workspace as the other choice. */
  exportThread(threadId: string): void {
    const thread = this.services.threads().find((t) => t.id === threadId);
    if (!thread) return;
    this.showExport([{ label: format(_('Thread: {name}'), { name: thread.name }), name: thread.name, selection: { kind: 'thread', threadId } }, this.workspaceChoice()], 'pdf');
  }

  private workspaceChoice(): ExportChoice {
    return { label: _('The whole workspace'), name: _('Workspace'), selection: { kind: 'all' } };
  }

  private showExport(choices: ExportChoice[], exportFormat: ExportFormat): void {
    if (!this.services.canExport) return this.toast(_('The workspace is still opening'));
    showExportDialog(this.window as unknown as GtkT.Window, this.services, choices, exportFormat, (out) => this.exported(out));
  }

  /**
   * Export finished: Open shows the PDF or canvas in its default app, a
   * markdown folder in Files. A toast while the person is in Sovereign, a
   * desktop notification when they went elsewhere while it ran.
   */
  private exported(out: string): void {
    const name = path.basename(out);
    const shownAs = showFinishedNotice(this.application, this.toasts, {
      id: `exported-${out}`,
      title: format(_('Exported to {name}'), { name }),
      body: format(_('{name} is ready in {folder}.'), { name, folder: path.dirname(out) }),
      button: { label: _('Open'), action: `app.${OPEN_EXPORTED_ACTION}`, target: out },
    });
    this.lastExport = out;
    this.lastNotice = { title: format(_('Exported to {name}'), { name }), shownAs };
    this.changed();
  }

  /** Preferences › Models: the same offer, shown again even after Not Now. */
  offerChatModel(): void {
    spawnTask('window.offer-chat-model', () => this.modelOffer.check(true));
  }

  /** A voice problem (no microphone, no speech model…), with Preferences › Models one click away when a model is missing. */
  private voiceMessage(message: string, offer?: 'models'): void {
    this.voiceToast?.dismiss();
    const toast = offer ? new Adw.Toast({ title: message, buttonLabel: _('Speech _Models…'), actionName: 'app.preferences-models', timeout: 0 }) : new Adw.Toast({ title: message, timeout: 3 });
    this.voiceToast = toast;
    this.toasts.addToast(toast);
    this.toastsShown = [...this.toastsShown.slice(-4), message];
    this.changed();
  }

  toast(message: string): void {
    this.toasts.addToast(new Adw.Toast({ title: message, timeout: 3 }));
    this.toastsShown = [...this.toastsShown.slice(-4), message];
    this.changed();
  }

  /**
   * Where a button of the model offer is, once the offer has finished sliding
   * in: while it slides the button moves, and a click aimed at where it was
   * a moment ago lands on the canvas below it.
   */
  private offerButtonCenter(label: string): { x: number; y: number } | null {
    return this.modelOffer.widget.getChildRevealed() ? buttonCenter(this.window, this.modelOffer.widget, { label }) : null;
  }

  /** What a test or an assistive technology may ask about: camera, panels, search. */
  snapshot(): Record<string, unknown> {
    const controller = this.canvas?.controller;
    return {
      lastExport: this.lastExport,
      lastNotice: this.lastNotice,
      buttons: {
        exportWorkspace: buttonCenter(this.window, this.header, { tooltip: EXPORT_WORKSPACE_TOOLTIP }),
        toastOpen: this.toastButtonCenter(_('Open')),
        importMenu: buttonCenter(this.window, this.taskbar.widget, { tooltip: IMPORT_MENU_TOOLTIP }),
        offerDownload: this.offerButtonCenter(DOWNLOAD_LABEL),
        offerCancel: this.offerButtonCenter(CANCEL_LABEL),
        offerNotNow: this.offerButtonCenter(NOT_NOW_LABEL),
      },
      view: this.stack.getVisibleChildName(),
      importing: this.importProgress.running,
      modelOffer: this.modelOffer.state,
      importChooser: this.importChooser ? { mode: this.importChooser.mode, selectFolder: this.importChooser.chooser.getAction() === Gtk.FileChooserAction.SELECT_FOLDER, selectMultiple: this.importChooser.chooser.getSelectMultiple() } : null,
      viewport: controller?.getViewport() ?? null,
      viewportTarget: controller?.getViewportTarget() ?? null,
      animating: controller?.animating ?? false,
      selected: controller?.selectedId ?? null,
      selectedPosition: controller?.selectedId ? (this.services.meta(controller.selectedId)?.position ?? null) : null,
      selectedRect: controller?.selectedId ? controller.cardRect(controller.selectedId) : null,
      panels: this.panels.open,
      panelAllocations: this.canvas ? this.panels.allocations(this.canvas.widget) : [],
      panelStates: this.panels.states,
      taskbar: this.taskbar.state,
      commandBar: this.commandBar.state,
      voice: this.voice.state,
      chat: this.chat.state(this.window as unknown as GtkT.Window),
      undoButton: this.undoButton(),
      askButton: this.askButton(),
      search: { visible: this.search.visible, focused: this.search.focused, query: this.search.query, results: this.search.resultIds, resultsQuery: this.search.resultsQuery, ...this.search.resultsMode },
      indexing: this.indexing.snapshot,
      presenter: this.canvas?.presenterKind ?? null,
      toasts: this.toastsShown,
      frames: this.canvas?.frames ?? 0,
      windowFrames: Number(this.window.getFrameClock()?.getFrameCounter() ?? 0),
      frameTimes: this.canvas?.timings.summary() ?? null,
      firstPaintAt: this.firstPaintAt,
      firstCanvasFrameAt: this.canvas?.timings.firstAt ?? null,
      focusedCardLabel: this.focusedCardLabel,
      cards: this.cardStates(),
      links: controller?.linksInView() ?? [],
      ingest: controller?.ingest ?? null,
      canvasOrigin: this.canvasOrigin(),
      canvasSize: this.canvas ? { width: this.canvas.widget.getWidth(), height: this.canvas.widget.getHeight(), scale: this.canvas.widget.getScaleFactor() } : null,
      width: this.window.getWidth(),
      height: this.window.getHeight(),
      documents: this.services.documentCount(),
      searchReady: this.services.searchReady,
    };
  }

  /** The cards with a thumbnail (or the news that none could be made) and the last morphed card: where each is and what it shows. */
  private cardStates(): Record<string, { title: string | null; thumbnail: string | null; owned: boolean | null; rect: { x: number; y: number; width: number; height: number } | null }> {
    const controller = this.canvas?.controller;
    if (!controller) return {};
    const thumbnails = controller.thumbnailStates();
    const ids = new Set(thumbnails.keys());
    if (controller.ingest) ids.add(controller.ingest.documentId);
    const cards: ReturnType<MainWindow['cardStates']> = {};
    for (const id of ids) {
      const meta = this.services.meta(id);
      cards[id] = { title: meta?.title ?? null, thumbnail: thumbnails.get(id) ?? null, owned: meta?.isOwned ?? null, rect: controller.cardRect(id) };
    }
    return cards;
  }

  /** A button on a shown toast. */
  private toastButtonCenter(label: string): { x: number; y: number } | null {
    return this.onToasts((toast) => buttonCenter(this.window, toast, { label }) ?? undefined) ?? null;
  }

  /** The first answer `find` gives for a shown toast: the walk skips the window's content (toasts are the overlay's other children). */
  private onToasts<T>(find: (toast: GtkT.Widget) => T | undefined): T | undefined {
    const content = this.toasts.getChild();
    for (let child = this.toasts.getFirstChild(); child; child = child.getNextSibling()) {
      const found = child === content ? undefined : find(child);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Where the canvas is inside the window's surface (CSD shadows included), in logical pixels. */
  private canvasOrigin(): { x: number; y: number } | null {
    const widget = this.canvas?.widget;
    if (!widget || !widget.getMapped()) return null;
    const [ok, x, y] = widget.translateCoordinates(this.window, 0, 0);
    if (!ok) return null;
    const [sx, sy] = this.window.getSurfaceTransform();
    return { x: x + sx, y: y + sy };
  }

  onStateChanged(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private changed(persist = false): void {
    for (const listener of this.stateListeners) listener();
    if (!persist) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveState(), SAVE_STATE_DELAY_MS);
  }

  private saveState(): void {
    clearTimeout(this.saveTimer);
    const state = this.currentState();
    if (state) spawnTask('window.save-state', () => this.services.saveUiState(state));
  }

  private currentState(): UiState | undefined {
    const controller = this.canvas?.controller;
    if (!controller) return undefined;
    const { centerX, centerY, zoom } = controller.getViewportTarget();
    return { viewport: { centerX, centerY, zoom }, panels: this.panels.open };
  }

  /**
   * Before a vault lock, while the key is still held: the window hides, its
   * layout is remembered (the panels open again after the unlock) and its
   * editors end their sessions, so the text typed last is saved. The caller
   * then destroys it, and with it every widget that showed the documents.
   */
  async closeForLock(): Promise<void> {
    this.editorsClosed = true;
    this.saveWindowSize();
    // Hidden first, for the reason the close-request handler gives.
    this.window.setVisible(false);
    clearTimeout(this.saveTimer);
    const state = this.currentState();
    await Promise.all([state ? this.services.saveUiState(state) : undefined, this.panels.disposeAll(), this.voice.dispose()]);
  }

  private restore(state: UiState): void {
    if (state.viewport) this.canvas?.controller.setViewport(state.viewport, { animate: false });
    for (const panel of state.panels ?? []) {
      if (this.services.meta(panel.id)) this.panels.show(panel.id, panel);
    }
  }

  private saveWindowSize(): void {
    const [width, height] = this.window.getDefaultSize();
    this.settings.saveWindowSize(width, height, this.window.isMaximized());
  }

  private showCanvasOrEmpty(): void {
    if (!this.canvas) return;
    const empty = this.services.documentCount() === 0;
    const name = empty ? 'empty' : 'canvas';
    // Every change to the workspace comes here: only a change of page is work (a frame drawn for nothing still has GTK paint the whole canvas).
    if (this.stack.getVisibleChildName() === name) return;
    // From the start-up spinner, cut; between the empty state and the canvas, crossfade.
    this.stack.setTransitionType(this.stack.getVisibleChildName() === 'loading' ? Gtk.StackTransitionType.NONE : Gtk.StackTransitionType.CROSSFADE);
    this.stack.setVisibleChildName(name);
    this.canvas.queueFrame();
    this.changed();
  }

  private updateTitle(): void {
    const count = this.services.documentCount();
    this.title.setSubtitle(count === 0 ? '' : format(ngettext('{count} document', '{count} documents', count), { count }));
  }

  private updateTaskbar(): void {
    this.taskbar.update(this.settings.pinned, this.settings.recent);
  }

  private announceCard(id: string | null): void {
    const meta = id ? this.services.meta(id) : undefined;
    this.focusedCardLabel = meta ? format(_('{title}, {kind} document'), { title: meta.title, kind: meta.isOwned ? _('owned') : _('external') }) : '';
    const target = this.canvas?.focusTarget;
    if (target) setAccessibleLabel(target, _('Timeline canvas'), this.focusedCardLabel);
    this.changed();
  }

  private menuButton(): GtkT.MenuButton {
    const menu = new Gio.Menu();
    const section = new Gio.Menu();
    // Shown only while a vault is unlocked (the action is disabled otherwise).
    const lock = Gio.MenuItem.new(_('_Lock Vault'), 'app.lock-vault');
    lock.setAttributeValue('hidden-when', GLib.Variant.newString('action-disabled'));
    menu.appendItem(lock);
    section.append(_('_Preferences'), 'app.preferences');
    section.append(_('_Keyboard Shortcuts'), 'app.shortcuts');
    section.append(_('_About Sovereign'), 'app.about');
    menu.appendSection(null, section);
    const button = new Gtk.MenuButton({ iconName: 'open-menu-symbolic', menuModel: menu, tooltipText: _('Main Menu'), primary: true });
    setAccessibleLabel(button, _('Main Menu'));
    return button;
  }

  private addActions(): void {
    const add = (name: string, run: () => void) => {
      const action = new Gio.SimpleAction({ name });
      action.on('activate', guard(`action.${name}`, undefined, run));
      this.window.addAction(action);
      return action;
    };
    // Ctrl+F is the window's search, but find inside an editor that has the focus.
    add('search', () => this.showSearch());
    add('find', () => (this.panels.focusedEditor ? this.panels.focusedEditor.run('find') : this.showSearch()));
    add('new-note', () =>
      spawnTask('new-note', async () => {
        const id = await this.services.createNote();
        this.openDocument(id, { navigate: true });
        this.panels.focusEditor(id);
      }),
    );
    add('import', () => this.chooseToImport('files'));
    add('import-folder', () => this.chooseToImport('folders'));
    add('rename', () => this.panels.renameFront());
    add('create-sample', () =>
      spawnTask('create-sample', async () => {
        this.stack.setVisibleChildName('loading');
        await this.services.createSampleWorkspace();
        this.showCanvasOrEmpty();
        this.canvas?.controller.goToNow({ animate: false });
        this.canvas?.queueFrame();
        this.toast(_('Sample workspace created'));
      }),
    );
    this.enableActions();
    add('close-panel', () => {
      const open = this.panels.open;
      const last = open[open.length - 1];
      if (last) this.panels.closeById(last.id);
    });
    // Ctrl+K is the command bar, but a link inside an editor that has the focus (the Ask button works from anywhere).
    add('ask', () => (this.panels.focusedEditor ? this.panels.focusedEditor.run('link') : this.showCommandBar()));
  }

  private enableActions(): void {
    const enable = (name: string, enabled: boolean) => (this.window.lookupAction(name) as GioT.SimpleAction | null)?.setEnabled(enabled);
    enable('import', this.services.canImport);
    enable('import-folder', this.services.canImport);
    enable('create-sample', this.services.canCreateSampleWorkspace);
  }

  private chooseToImport(mode: ImportChooserMode): void {
    const chooser = showImportChooser(this.window as unknown as GtkT.Window, mode, (paths) => this.importFiles(paths, { chosenInWindow: true }));
    this.importChooser = { mode, chooser };
    chooser.on('response', guard('import.chooser-closed', undefined, () => {
      if (this.importChooser?.chooser === chooser) this.importChooser = undefined;
      this.changed();
    }));
    this.changed();
  }

  /** The thread whose row is under a point of the canvas, if any. */
  private threadAt(x: number, y: number): string | undefined {
    // The welcome page of an empty workspace has no rows to drop on.
    if (this.stack.getVisibleChildName() !== 'canvas') return undefined;
    const hit = this.canvas?.controller.hitTest(x, y);
    return hit && (hit.kind === 'band' || hit.kind === 'thread-label') && hit.threadId !== null ? hit.threadId : undefined;
  }

  /**
   * Imports files and folders with a progress bar and Cancel, then reports
   * in a toast (what was imported, what failed and why) and opens the first
   * new document when there is exactly one.
   */
  importFiles(paths: readonly string[], options: { threadId?: string | undefined; chosenInWindow?: boolean } = {}): void {
    if (this.importProgress.running) {
      this.toast(_('An import is already running'));
      return;
    }
    const signal = this.importProgress.begin();
    spawnTask('import', async () => {
      try {
        const summary = await this.services.importFiles(paths, {
          signal,
          onProgress: (progress) => this.importProgress.update(progress),
          ...(options.threadId !== undefined ? { threadId: options.threadId } : {}),
        });
        this.importFinished(summary, options.chosenInWindow === true);
        if (summary.documentIds.length === 1) this.openDocument(summary.documentIds[0]!, { navigate: true });
      } catch (error) {
        this.toast(format(_('Could not import: {reason}'), { reason: (error as Error).message }));
      } finally {
        this.importProgress.end();
      }
    });
  }

  /**
   * The summary as a toast, and also as a desktop notification when the
   * person picked the files in Sovereign's chooser and then switched to
   * another application while they imported. (Read at the chooser's
   * response, the focus is not yet back from the closing dialog, so where
   * the import began stands in for "the person was here".) Files dropped
   * from Files or given on the command line land on a window the person is
   * looking at without it having the focus: those get the toast only.
   */
  private importFinished(summary: UiImportSummary, chosenInWindow: boolean): void {
    const text = importToastText(summary);
    this.toast(text);
    if (!chosenInWindow || sovereignHasFocus()) return;
    const body = summary.failures.length > 1 ? summary.failures.map((failure) => failure.reason).slice(0, 3).join('\n') : _('Your documents are on the timeline.');
    sendDesktopNotification(this.application, { id: 'import', title: text, body });
    this.lastNotice = { title: text, shownAs: 'notification' };
    this.changed();
  }
}

function importToastText(summary: UiImportSummary): string {
  const parts = [format(ngettext('Imported {count} document', 'Imported {count} documents', summary.created), { count: summary.created })];
  if (summary.updated > 0) parts.push(format(ngettext('{count} updated', '{count} updated', summary.updated), { count: summary.updated }));
  if (summary.unchanged > 0) parts.push(format(ngettext('{count} already there', '{count} already there', summary.unchanged), { count: summary.unchanged }));
  if (summary.failures.length === 1) parts.push(summary.failures[0]!.reason);
  else if (summary.failures.length > 1) parts.push(format(ngettext('{count} failed', '{count} failed', summary.failures.length), { count: summary.failures.length }));
  if (summary.cancelled) parts.push(_('cancelled'));
  return parts.join(' · ');
}
