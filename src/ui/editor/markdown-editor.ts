import { _, format, ngettext } from '../../core/index.js';
import { sharedTextStatsCounter, type DocumentEditing, type EditingSession, type SaveState } from '../../skills/core/markdown-editor/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';
import { Adw, Gdk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { guard, spawnTask } from '../guard.js';
import { ChangedElsewhereBar } from './changed-elsewhere-bar.js';
import { FindBar } from './find-bar.js';
import { FrameTimings } from '../canvas/frame-timings.js';
import { afterNextPaint } from './after-next-paint.js';
import { BufferTextMirror } from './buffer-text-mirror.js';
import { gtkSource, markdownLanguage } from './gtk-source.js';
import { insertLink, setHeading, wrapSelection } from './markdown-formatting.js';
import { MarkdownPreview } from './markdown-preview.js';
import { VersionMessagePopover } from './version-message-popover.js';
import { WikiCompletion } from './wiki-completion.js';

export type EditorMode = 'edit' | 'preview' | 'split';

/** A command the editor answers, by shortcut or from the window's actions. */
export type EditorCommand = 'bold' | 'italic' | 'link' | 'heading-1' | 'heading-2' | 'heading-3' | 'find' | 'replace' | 'save-version' | 'preview';

/** Ctrl+<key> → command. Ctrl+K and Ctrl+F also reach the editor through the window (see main-window.ts). */
const SHORTCUTS: Readonly<Record<string, EditorCommand>> = {
  b: 'bold',
  i: 'italic',
  k: 'link',
  1: 'heading-1',
  2: 'heading-2',
  3: 'heading-3',
  f: 'find',
  h: 'replace',
  s: 'save-version',
  p: 'preview',
};

/** Stats are recounted this long after the last change (a 1 MB text takes a while to segment). */
const STATS_DELAY_MS = 150;
/** Above this many characters the counts wait for a pause in typing (LONG_STATS_DELAY_MS). */
const LONG_TEXT_CHARS = 100_000;
const LONG_STATS_DELAY_MS = 1500;
/**
 * Above this many characters the text is not highlighted. GtkSourceView
 * analyses the whole text on the main loop, in slices of 30 ms each, after it
 * is loaded and after edits: perf put ~2.5 s of a 1 MB note's first seconds
 * there (and GTK's relayout of the lines it retagged after it), every slice a
 * stall of the typing. A 200 K-character note costs about half a second.
 */
const HIGHLIGHT_LIMIT_CHARS = 200_000;
/** The preview follows the text this long after the last change. */
const PREVIEW_DELAY_MS = 250;

export interface EditorHost {
  editing: DocumentEditing;
  toast(message: string): void;
}

/**
 * The markdown editor of a document panel: GtkSourceView with markdown
 * highlighting in a style scheme that follows light and dark, an optional
 * live preview (instead of or beside the text, scrolled along), find and
 * replace, formatting shortcuts, `[[` completion, undo/redo (the buffer's)
 * and a footer with word and character counts and whether it is saved.
 * Every change goes to the document's EditingSession.
 */
export class MarkdownEditor {
  readonly widget: GtkT.Box;
  readonly view: GtkSourceT.View;
  private readonly buffer: GtkSourceT.Buffer;
  private readonly session: EditingSession;
  private readonly preview = new MarkdownPreview();
  private readonly paned: GtkT.Paned;
  private readonly sourceScroller: GtkT.ScrolledWindow;
  private readonly findBar: FindBar;
  private readonly elsewhere: ChangedElsewhereBar;
  /** The text another writer stored while this editor was open (for Reload). */
  private otherText: string | undefined;
  private readonly completion: WikiCompletion;
  private readonly versionMessage: VersionMessagePopover;
  private readonly footer: GtkT.Label;
  private readonly modeButtons = new Map<EditorMode, GtkT.ToggleButton>();
  private modeValue: EditorMode = 'edit';
  /** Undefined until the first count of the opened text is back (a long text takes a moment). */
  private stats: { words: number; characters: number } | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  /** Bumped on every change and on close: a count of an older text is dropped. */
  private statsGeneration = 0;
  private previewTimer: NodeJS.Timeout | undefined;
  private readonly offDark: () => void;
  /** Key press to the frame that shows its change, in ms (for the probe and the benchmark). */
  private readonly keyToFrame = new FrameTimings();
  /** The native paint of those frames (before-paint to after-paint), in ms: what of keyToFrame is GTK's own work. */
  private readonly keyFramePaint = new FrameTimings();
  private keyAt: number | undefined;
  /** The last range a citation revealed, for the probe. */
  private revealed: { start: number; end: number } | undefined;
  /** The buffer's text without copying it out at every read (see BufferTextMirror). */
  private readonly mirror: BufferTextMirror;
  /** Whether markdown is highlighted (not in a long text: HIGHLIGHT_LIMIT_CHARS); the footer says when it is not. */
  private readonly highlighted: boolean;

  constructor(
    readonly documentId: string,
    text: string,
    private readonly host: EditorHost,
  ) {
    const GtkSource = gtkSource();
    this.buffer = new GtkSource.Buffer();
    this.highlighted = text.length <= HIGHLIGHT_LIMIT_CHARS;
    const language = this.highlighted ? markdownLanguage() : null;
    if (language) this.buffer.setLanguage(language);
    this.buffer.setHighlightSyntax(this.highlighted);
    // Loading the text is not an edit: undo must not empty the document.
    this.buffer.beginIrreversibleAction();
    this.buffer.setText(text, -1);
    this.buffer.endIrreversibleAction();
    this.buffer.placeCursor(this.buffer.getStartIter());
    this.mirror = new BufferTextMirror(this.buffer, text);
    this.view = new GtkSource.View({ buffer: this.buffer, wrapMode: Gtk.WrapMode.WORD_CHAR, hexpand: true, vexpand: true });
    this.view.setTopMargin(12);
    this.view.setBottomMargin(12);
    this.view.setLeftMargin(16);
    this.view.setRightMargin(16);
    this.view.addCssClass('markdown-source');
    setAccessibleLabel(this.view, _('Document text'));
    const styles = Adw.StyleManager.getDefault();
    const followDark = guard('editor.dark', undefined, () => {
      const scheme = GtkSource.StyleSchemeManager.getDefault().getScheme(styles.getDark() ? 'Adwaita-dark' : 'Adwaita');
      if (scheme) this.buffer.setStyleScheme(scheme);
    });
    followDark();
    styles.on('notify::dark', followDark);
    this.offDark = () => styles.off('notify::dark', followDark);

    this.session = host.editing.open(documentId, text, {
      onState: (state) => this.showFooter(state),
      onChangedElsewhere: (content) => {
        this.otherText = content;
        this.elsewhere.show();
      },
    });
    this.elsewhere = new ChangedElsewhereBar({ reload: () => this.reload(), keepMine: () => this.keepMine() });
    this.findBar = new FindBar(this.view, this.buffer);
    this.completion = new WikiCompletion(this.view, this.buffer, (partial) => host.editing.titlesStartingWith(partial));
    this.versionMessage = new VersionMessagePopover(this.view, (message) => this.saveVersion(message));

    this.sourceScroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, hexpand: true, vexpand: true });
    this.sourceScroller.setChild(this.view);
    this.paned = new Gtk.Paned({ orientation: Gtk.Orientation.HORIZONTAL, vexpand: true, wideHandle: false });
    this.paned.setStartChild(this.sourceScroller);
    this.paned.setEndChild(this.preview.widget);
    this.paned.setResizeStartChild(true);
    this.paned.setResizeEndChild(true);
    this.preview.widget.setVisible(false);
    this.syncScrolling();

    this.footer = new Gtk.Label({ xalign: 0, hexpand: true });
    this.footer.addCssClass('dim-label');
    this.footer.addCssClass('caption');
    this.footer.addCssClass('editor-footer');

    this.widget = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    this.widget.addCssClass('markdown-editor');
    this.widget.append(this.elsewhere.widget);
    this.widget.append(this.modeSwitcher());
    this.widget.append(this.findBar.widget);
    this.widget.append(this.paned);
    this.widget.append(this.footer);

    this.buffer.on('changed', guard('editor.changed', undefined, () => this.changed()));
    this.measureKeys();
    this.buffer.on('notify::cursor-position', guard('editor.cursor', undefined, () => this.completion.update()));
    this.addShortcuts();
    this.showFooter(this.session.state);
    this.countStats(text);
  }

  get mode(): EditorMode {
    return this.modeValue;
  }

  /** The selected characters as string offsets (null without a selection), for the probe. */
  private selectionOffsets(): { start: number; end: number } | null {
    const [has, from, to] = this.buffer.getSelectionBounds();
    if (!has) return null;
    return { start: this.mirror.stringOffset(from.getOffset()), end: this.mirror.stringOffset(to.getOffset()) };
  }

  /** The first and last character offsets shown in the view, for the probe: whether a revealed range is on screen. */
  private visibleOffsets(): { start: number; end: number } | null {
    const rect = this.view.getVisibleRect();
    if (rect.height <= 0) return null;
    const [, top] = this.view.getIterAtLocation(rect.x, rect.y);
    const [, bottom] = this.view.getIterAtLocation(rect.x + rect.width - 1, rect.y + rect.height - 1);
    return { start: this.mirror.stringOffset(top.getOffset()), end: this.mirror.stringOffset(bottom.getOffset()) };
  }

  /** Everything typed so far. */
  get text(): string {
    return this.mirror.read();
  }

  /** What the editor shows, for the test probe. */
  get state(): Record<string, unknown> {
    // Large texts are summarised: the probe is written often, and copying them out of the buffer costs.
    const length = this.buffer.getCharCount();
    return {
      text: length <= 20_000 ? this.text : undefined,
      length,
      saveState: this.session.state,
      savedText: this.session.savedText.length <= 20_000 ? this.session.savedText : undefined,
      sessionVersions: this.session.versions,
      words: this.stats?.words ?? null,
      characters: this.stats?.characters ?? null,
      mode: this.modeValue,
      highlighted: this.highlighted,
      footer: this.footer.getLabel(),
      previewBlocks: this.preview.widget.getVisible() ? this.preview.blocks : 0,
      find: { visible: this.findBar.visible, matches: this.findBar.matches },
      completion: this.completion.offered,
      completionAt: this.completion.offeredAt,
      askingVersionMessage: this.versionMessage.visible,
      focused: this.view.isFocus(),
      changedElsewhere: this.elsewhere.visible,
      canUndo: this.buffer.getCanUndo(),
      keyToFrame: this.keyToFrame.summary(),
      keyFramePaint: this.keyFramePaint.summary(),
      textRereads: this.mirror.resyncs,
      revealed: this.revealed ?? null,
      selection: this.selectionOffsets(),
      visibleRange: this.visibleOffsets(),
    };
  }

  /**
   * Selects the characters [start, end) of the text (JavaScript string
   * offsets, as the store and citations count them) and scrolls them into
   * view: a citation shows the passage it quotes.
   */
  revealRange(start: number, end: number): void {
    const length = this.text.length;
    // The buffer counts characters (code points); a string offset counts UTF-16 units.
    const at = (offset: number) => this.buffer.getIterAtOffset(this.mirror.charOffset(Math.min(offset, length)));
    this.buffer.selectRange(at(start), at(end));
    this.view.scrollToMark(this.buffer.getInsert(), 0.1, true, 0, 0.1);
    this.revealed = { start, end };
  }

  /** Puts the cursor in the text (at its end). */
  focus(): void {
    this.buffer.placeCursor(this.buffer.getEndIter());
    this.view.grabFocus();
  }

  get hasFocus(): boolean {
    return this.view.isFocus() || this.findBar.widget.getFocusChild() !== null;
  }

  run(command: EditorCommand): void {
    switch (command) {
      case 'bold':
        return wrapSelection(this.buffer, '**');
      case 'italic':
        return wrapSelection(this.buffer, '_');
      case 'link':
        return insertLink(this.buffer);
      case 'heading-1':
      case 'heading-2':
      case 'heading-3':
        return setHeading(this.buffer, Number(command.slice(-1)));
      case 'find':
        return this.findBar.show(false);
      case 'replace':
        return this.findBar.show(true);
      case 'preview':
        return this.setMode(this.modeValue === 'edit' ? 'split' : 'edit');
      case 'save-version':
        return this.versionMessage.ask();
    }
  }

  setMode(mode: EditorMode): void {
    this.modeValue = mode;
    this.sourceScroller.setVisible(mode !== 'preview');
    this.preview.widget.setVisible(mode !== 'edit');
    if (mode !== 'edit') this.preview.show(this.text);
    const button = this.modeButtons.get(mode);
    if (button && !button.getActive()) button.setActive(true);
    if (mode === 'split') this.paned.setPosition(Math.max(1, Math.round(this.paned.getWidth() / 2)));
  }

  /** The panel closes: the session ends (its edits become a version). */
  async close(): Promise<void> {
    clearTimeout(this.statsTimer);
    this.statsGeneration++;
    clearTimeout(this.previewTimer);
    this.offDark();
    this.completion.dispose();
    this.versionMessage.dispose();
    this.session.edit(this.text);
    await this.host.editing.close(this.session);
  }

  /** Ends the editing session now as a version with the message the person typed (or a plain one). */
  private saveVersion(message: string): void {
    spawnTask('editor.save-version', async () => {
      const made = await this.session.saveVersion(message || _('Saved a version'));
      if (this.session.state === 'failed') this.host.toast(_('Could not save a version; your text is kept and will be saved again'));
      else if (!made) this.host.toast(_('Nothing changed since the last version'));
      else this.host.toast(message ? format(_('Version saved: “{message}”'), { message }) : _('Version saved'));
    });
  }

  /** Reload: the other text replaces this one, as one undoable step (Ctrl+Z brings this one back). */
  private reload(): void {
    const other = this.otherText;
    if (other === undefined) return;
    this.session.adopt(other);
    this.buffer.beginUserAction();
    this.buffer.setText(other, -1);
    this.buffer.endUserAction();
  }

  private keepMine(): void {
    spawnTask('editor.keep-mine', async () => {
      const branch = await this.host.editing.keepMine(this.session);
      this.host.toast(format(_('Kept your text; the other version is on the branch “{branch}”'), { branch }));
    });
  }

  private measureKeys(): void {
    const keys = new Gtk.EventControllerKey();
    keys.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
    keys.on('key-pressed', guard('editor.key-time', false, () => {
      this.keyAt ??= performance.now();
      return false;
    }));
    this.view.addController(keys);
  }

  private changed(): void {
    const keyAt = this.keyAt;
    if (keyAt !== undefined) {
      this.keyAt = undefined;
      afterNextPaint(this.view, (paintMs) => {
        this.keyToFrame.record(performance.now() - keyAt);
        this.keyFramePaint.record(paintMs);
      });
    }
    this.session.touch(() => this.text);
    this.completion.update();
    clearTimeout(this.statsTimer);
    this.statsGeneration++;
    this.statsTimer = setTimeout(
      guard('editor.stats', undefined, () => this.countStats(this.text)),
      // Segmenting a long text takes a while: count it when the writer pauses.
      this.buffer.getCharCount() > LONG_TEXT_CHARS ? LONG_STATS_DELAY_MS : STATS_DELAY_MS,
    );
    if (this.modeValue !== 'edit') {
      clearTimeout(this.previewTimer);
      this.previewTimer = setTimeout(guard('editor.preview', undefined, () => this.preview.show(this.text)), PREVIEW_DELAY_MS);
    }
  }

  /** Counts words and characters (a long text in a worker thread: it would hold the window), then shows them. */
  private countStats(text: string): void {
    const generation = ++this.statsGeneration;
    spawnTask('editor.stats', async () => {
      const stats = await sharedTextStatsCounter().count(text, () => generation !== this.statsGeneration);
      if (!stats) return;
      this.stats = stats;
      this.showFooter(this.session.state);
    });
  }

  private showFooter(state: SaveState): void {
    const { stats } = this;
    // "0 words" before a long text is counted would say it is empty.
    const counts = stats
      ? format(ngettext('{count} word', '{count} words', stats.words), { count: stats.words.toLocaleString() }) +
        ' · ' + format(ngettext('{count} character', '{count} characters', stats.characters), { count: stats.characters.toLocaleString() })
      : _('Counting words…');
    const saved = { saved: _('Saved'), unsaved: _('Saving…'), failed: _('Not saved: will try again') }[state];
    const parts = [counts, saved];
    if (!this.highlighted) parts.push(_('Highlighting is off in a document this long'));
    this.footer.setLabel(parts.join(' · '));
  }

  private modeSwitcher(): GtkT.Box {
    const box = new Gtk.Box({ halign: Gtk.Align.END, marginEnd: 8, marginTop: 2, marginBottom: 2 });
    box.addCssClass('linked');
    const modes: [EditorMode, string, string][] = [
      ['edit', 'document-edit-symbolic', _('Edit')],
      ['split', 'view-dual-symbolic', _('Edit and Preview Side by Side')],
      ['preview', 'view-reveal-symbolic', _('Preview')],
    ];
    let group: GtkT.ToggleButton | undefined;
    for (const [mode, icon, label] of modes) {
      const button = new Gtk.ToggleButton({ iconName: icon, tooltipText: label, active: mode === 'edit' });
      button.addCssClass('flat');
      setAccessibleLabel(button, label);
      if (group) button.setGroup(group);
      group ??= button;
      button.on('toggled', guard('editor.mode', undefined, () => {
        if (button.getActive() && this.modeValue !== mode) this.setMode(mode);
      }));
      this.modeButtons.set(mode, button);
      box.append(button);
    }
    return box;
  }

  /** The preview keeps the same fraction of its length in view as the text. */
  private syncScrolling(): void {
    const source = this.sourceScroller.getVadjustment();
    const target = this.preview.widget.getVadjustment();
    source.on('value-changed', guard('editor.scroll', undefined, () => {
      const range = source.getUpper() - source.getPageSize();
      const fraction = range > 0 ? source.getValue() / range : 0;
      target.setValue(fraction * Math.max(0, target.getUpper() - target.getPageSize()));
    }));
  }

  private addShortcuts(): void {
    const keys = new Gtk.EventControllerKey();
    // Capture: before the text view's own bindings (Ctrl+I would otherwise do nothing useful).
    keys.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
    keys.on('key-pressed', guard('editor.shortcut', false, (keyval: number, _keycode: number, state: number) => {
      const mods = state & (Gdk.ModifierType.CONTROL_MASK | Gdk.ModifierType.SHIFT_MASK | Gdk.ModifierType.ALT_MASK);
      if (mods !== Gdk.ModifierType.CONTROL_MASK) return false;
      // The version message popover is a child of the text view: its keys pass here first, and are its own.
      if (this.versionMessage.visible) return false;
      const name = Gdk.keyvalName(Gdk.keyvalToLower(keyval)) ?? '';
      const command = SHORTCUTS[name];
      if (!command) return false;
      this.run(command);
      return true;
    }));
    this.widget.addController(keys);
  }
}
