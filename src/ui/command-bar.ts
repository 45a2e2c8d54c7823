import { _, format } from '../core/index.js';
// From the modules, not the assistant's index: that loads the router (chrono-node, ~20 MiB) into every window at start.
import { INTENT_OF_ACTION, fallbacksMayAnswer, type UserIntent } from '../assistant/user-intent.js';
import { correctsProposal, type RoutedText } from '../assistant/command-correction.js';
import type { AssistantContext, RunResult } from '../assistant/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { completeWithChoice, isExportFormat, type ChoiceKind } from './command-choice.js';
import { proposalText } from './command-proposal.js';
import { guard, spawnTask } from './guard.js';
import { hasKeyboardFocus, overlayEntry, overlayFrame, overlayRows, overlayStatus } from './overlay-card.js';
import type { UiAssistant, UiServices } from './services.js';

/**
 * Routing waits this long after the last key: a word typed at speed is
 * routed once, and the proposal still follows the typing without a visible
 * lag (the fast path itself takes a few milliseconds).
 */
const ROUTE_DELAY_MS = 80;

/** Commands offered on an empty bar: a person who does not know the words sees some. */
const EXAMPLES: readonly string[] = [_('open '), _('create a note in '), _('export this as PDF'), _('search '), _('undo that')];

/** What a command came to, in one sentence: what the bar showed, and what is spoken back to a spoken command. */
export interface SpokenAnswer {
  status: RunResult['status'] | 'failed';
  message: string;
}

export type CommandRowKind = 'proposal' | 'choice' | 'confirm' | 'cancel' | 'suggestion' | 'message';

/** One row of the bar: what it says (and announces) and what Enter on it does. */
interface CommandRow {
  kind: CommandRowKind;
  label: string;
  /** Absent: a message that cannot be chosen. */
  run?: () => void;
}

/** What the bar needs from the window around it. */
export interface CommandBarHost {
  /** The front document and its thread, so "export this" and "move it" resolve. */
  context(): AssistantContext;
  /** Shows what an executed command did (panels, camera, toasts with Undo). */
  showResult(result: RunResult): void;
  closed(): void;
}

/**
 * The command bar (Ctrl+K, or Ask in the taskbar): an entry over the
 * blurred canvas whose first row says what Enter will do, routed as you
 * type by the same orchestrator the command line and D-Bus use. Unsure
 * routes show their choices as rows, destructive actions a confirmation,
 * and executed ones close the bar and leave a toast with Undo.
 */
export class CommandBar {
  readonly widget: GtkT.Revealer;
  private readonly entry: GtkT.SearchEntry;
  private readonly list: GtkT.ListBox;
  private readonly status: GtkT.Label;
  private rows: CommandRow[] = [];
  private assistant: UiAssistant | undefined;
  private loading: Promise<void> | undefined;
  /** Enter was pressed while the router was still loading: it runs the text's first row once the router is in. */
  private enterWhileLoading = false;
  /** Why there is no assistant here (the window was given none), once known. */
  private unavailable: string | undefined;
  private routeTimer: NodeJS.Timeout | undefined;
  /** The text the rows answer (routing lags the typing by ROUTE_DELAY_MS). */
  private routed = '';
  private running = false;
  /** The slower readers (encoder, chat model) still at work on `routed`; aborted when the person types on or closes the bar. */
  private thinking: AbortController | undefined;
  private readonly spinner: GtkT.Spinner;
  /** The last command the bar proposed (its first row said what Enter would do). */
  private proposed: RoutedText | undefined;
  /** The proposal on screen when the person last edited the text (deleted or changed, not typed on): running something else corrects it. */
  private editedFrom: RoutedText | undefined;
  /** The entry's text at the last change, to tell typing on from editing. */
  private lastText = '';
  /** What the text in the bar was routed to, while it routes to something. */
  private routedIntent: UserIntent | undefined;

  constructor(
    private readonly services: UiServices,
    private readonly host: CommandBarHost,
  ) {
    const frame = overlayFrame('command', () => this.hide());
    this.widget = frame.widget;
    const card = frame.card;
    card.addCssClass('command-bar');

    this.entry = overlayEntry('command', {
      placeholder: _('Type a command: open, create, export, search…'),
      label: _('Command'),
      changedSignal: 'changed',
      onChanged: () => this.changed(),
      onActivate: () => this.activateSelected(),
      onStop: () => this.hide(),
      onKey: (keyval) => this.key(keyval),
    });
    const rows = overlayRows('command', _('What the command does'), (index) => this.activate(index));
    this.list = rows.list;

    this.status = overlayStatus(true);
    this.status.setLabel(HELP());

    // The "thinking" state: a spinner beside the entry while the slower readers work; the fast answer is already shown.
    // Always allocated (a stopped spinner draws nothing), so the entry does not change width when it starts.
    this.spinner = new Gtk.Spinner({ marginEnd: 12 });
    setAccessibleLabel(this.spinner, _('Thinking about the command'));
    const entryLine = new Gtk.Box({ spacing: 0 });
    this.entry.setHexpand(true);
    entryLine.append(this.entry);
    entryLine.append(this.spinner);

    card.append(entryLine);
    card.append(new Gtk.Separator());
    card.append(rows.scroller);
    card.append(this.status);
  }

  get visible(): boolean {
    return this.widget.getRevealChild();
  }

  get focused(): boolean {
    return hasKeyboardFocus(this.entry);
  }

  /** What a test or an assistive technology may ask: the text, what it was routed to, the rows. */
  get state(): { visible: boolean; focused: boolean; text: string; routedText: string; running: boolean; thinking: boolean; selected: number; rows: { kind: CommandRowKind; label: string }[] } {
    return {
      visible: this.visible,
      focused: this.focused,
      text: this.entry.getText(),
      routedText: this.routed,
      running: this.running,
      thinking: this.thinking !== undefined,
      selected: this.list.getSelectedRow()?.getIndex() ?? -1,
      rows: this.rows.map(({ kind, label }) => ({ kind, label })),
    };
  }

  show(text?: string): void {
    this.widget.setVisible(true);
    this.widget.setRevealChild(true);
    this.proposed = undefined;
    this.editedFrom = undefined;
    this.entry.setText(text ?? '');
    this.lastText = this.entry.getText();
    this.entry.grabFocus();
    this.routeNow();
    this.loadAssistant();
  }

  /** Loaded when the bar is first opened: the first frame never waits for the router. */
  private loadAssistant(): void {
    if (this.assistant || this.loading) return;
    this.loading = this.services.assistant().then(
      (assistant) => {
        this.assistant = assistant;
      },
      (error: unknown) => {
        // Said in the bar; the next opening tries again.
        this.unavailable = (error as Error).message;
        this.loading = undefined;
      },
    );
    spawnTask('command.assistant', async () => {
      await this.loading;
      if (!this.visible) return;
      this.routeNow();
      if (this.enterWhileLoading && this.assistant) this.activateSelected();
      this.enterWhileLoading = false;
    });
  }

  hide(): void {
    if (!this.visible) return;
    this.enterWhileLoading = false;
    clearTimeout(this.routeTimer);
    this.stopThinking();
    this.widget.setRevealChild(false);
    this.widget.setVisible(false);
    this.host.closed();
  }

  private changed(): void {
    this.enterWhileLoading = false;
    const text = this.entry.getText();
    // Each edit starts from the proposal then on screen (backspacing through a title passes only its own proposals).
    if (!text.startsWith(this.lastText) && this.proposed) this.editedFrom = this.proposed;
    this.lastText = text;
    this.scheduleRoute();
  }

  private scheduleRoute(): void {
    clearTimeout(this.routeTimer);
    // What the readers were thinking about is no longer the text.
    this.stopThinking();
    // Routed from a timer, not in the key handler: the frame with the typed character is never held up.
    this.routeTimer = setTimeout(() => guard('command.route', undefined, () => this.routeNow())(), ROUTE_DELAY_MS);
  }

  private routeNow(): void {
    clearTimeout(this.routeTimer);
    this.stopThinking();
    const text = this.entry.getText();
    this.routed = text;
    this.routedIntent = undefined;
    if (text.trim() === '') return this.setRows(EXAMPLES.map((example) => ({ kind: 'suggestion', label: example.trim(), run: () => this.fill(example) })));
    if (!this.assistant) {
      return this.setRows([{ kind: 'message', label: this.unavailable ?? _('Loading the assistant…') }]);
    }
    const context = this.host.context();
    let intent: UserIntent;
    try {
      intent = this.assistant.route(text, { context });
      this.routedIntent = intent;
    } catch (error) {
      // Text that is no command at all (too long, control characters): the router says why.
      return this.setRows([{ kind: 'message', label: (error as Error).message }]);
    }
    this.showRouted(intent, text);
    if (fallbacksMayAnswer(intent)) this.thinkAbout(this.assistant, text, context, intent);
  }

  /**
   * The fast path asked back: the same entry point `sovereign do` uses
   * (routeWithMeaning: the sentence encoder, then an installed chat model)
   * reads the text in the background, the encoder in a worker and the model
   * in its own process, so the main loop never waits. Its answer replaces
   * the rows only if the text is still the same and the answer differs.
   */
  private thinkAbout(assistant: UiAssistant, text: string, context: AssistantContext, fast: UserIntent): void {
    const controller = new AbortController();
    this.thinking = controller;
    this.showThinking(true);
    spawnTask('command.think', async () => {
      let read: UserIntent;
      try {
        read = await assistant.routeWithMeaning(text, { context }, controller.signal);
      } finally {
        // Done, not cancelled: stopThinking() would abort this very reading.
        if (this.thinking === controller) {
          this.thinking = undefined;
          this.showThinking(false);
        }
      }
      if (controller.signal.aborted || this.running || this.routed !== text || !this.visible) return;
      if (!sameAnswer(read, fast)) this.showRouted(read, text);
    });
  }

  /** Shows the rows for a routed text, remembering a proposal. */
  private showRouted(intent: UserIntent, text: string): void {
    if (intent.intent !== 'clarification') this.proposed = { text, intent };
    this.setRows(this.rowsFor(intent, text));
  }

  private stopThinking(): void {
    this.thinking?.abort();
    this.thinking = undefined;
    this.showThinking(false);
  }

  private showThinking(on: boolean): void {
    this.spinner.setSpinning(on);
    this.status.setLabel(on ? _('Thinking about what you mean…') : HELP());
  }

  private rowsFor(intent: UserIntent, text: string): CommandRow[] {
    // Searching instead of the proposal, or picking another choice than the first, tells the profile the router was wrong.
    const searchRow: CommandRow = { kind: 'suggestion', label: format(_('Search for ‘{query}’'), { query: text.trim() }), run: () => this.showSearchFor(text.trim(), intent.action !== 'search') };
    if (intent.intent !== 'clarification') {
      const rows: CommandRow[] = [{ kind: 'proposal', label: proposalText(intent), run: () => this.execute(intent) }];
      if (intent.action !== 'search') rows.push(searchRow);
      return rows;
    }
    const rows: CommandRow[] = [{ kind: 'message', label: intent.question ?? _('What do you mean?') }];
    for (const [index, choice] of (intent.choices ?? []).entries()) {
      const kind = this.choiceKind(choice.id);
      if (!kind) continue;
      const completed = completeWithChoice(intent, choice, kind);
      rows.push({ kind: 'choice', label: proposalText(completed), run: () => this.execute(completed, false, index > 0) });
    }
    // A chat model's reading that needs no name chosen ("Did you mean “create Trip”?"): its one yes.
    const yes = intent.choices?.length === 0 && intent.pending ? completeReading(intent, intent.pending) : undefined;
    if (yes) rows.push({ kind: 'choice', label: proposalText(yes), run: () => this.execute(yes) });
    rows.push(searchRow);
    return rows;
  }

  private choiceKind(id: string): ChoiceKind | undefined {
    if (this.services.meta(id)) return 'document';
    if (this.services.threads().some((thread) => thread.id === id)) return 'thread';
    return isExportFormat(id) ? 'format' : undefined;
  }

  private execute(intent: UserIntent, confirmed = false, picked = false): void {
    spawnTask('command.run', async () => void (await this.run(intent, confirmed, picked)));
  }

  /** Runs a routed intent and shows what came of it; resolves with the sentence shown (undefined when nothing ran). */
  private async run(intent: UserIntent, confirmed: boolean, picked: boolean): Promise<SpokenAnswer | undefined> {
    const assistant = this.assistant;
    if (!assistant || this.running) return undefined;
    // Another choice than the first, or the search row, or an edit of a proposed command that now acts on something else.
    const proposed = this.editedFrom ?? this.proposed;
    const corrected = picked || (proposed !== undefined && correctsProposal(proposed, { text: this.routed, intent }));
    this.running = true;
    this.setRows([{ kind: 'message', label: format(_('{action}…'), { action: proposalText(intent).replace(/…$/, '') }) }]);
    try {
      const result = await assistant.execute(intent, { context: this.host.context(), confirmed, corrected });
      this.running = false;
      this.answer(result, corrected);
      return { status: result.status, message: result.message };
    } catch (error) {
      this.running = false;
      const message = (error as Error).message;
      this.setRows([{ kind: 'message', label: message }]);
      return { status: 'failed', message };
    }
  }

  /**
   * A command that came by voice: shown in the bar as though typed, routed by
   * the same router and carried out when the route is sure; a clarification
   * or a confirmation stays in the bar for the person to answer, exactly as
   * for typed text. Resolves with the sentence the window showed, to be spoken.
   */
  async runSpoken(text: string): Promise<SpokenAnswer> {
    this.show(text);
    await this.loading;
    this.routeNow();
    const intent = this.routedIntent;
    if (!intent) return { status: 'unavailable', message: this.rows[0]?.label ?? _('The assistant is not available.') };
    if (intent.intent === 'clarification') return { status: 'clarification', message: intent.question ?? _('What do you mean?') };
    return (await this.run(intent, false, false)) ?? { status: 'unavailable', message: _('Another command is still running.') };
  }

  /** What the bar shows after running a command: it closes when something happened, else it asks or explains. */
  private answer(result: RunResult, corrected: boolean): void {
    switch (result.status) {
      case 'executed':
      case 'shown':
        this.hide();
        this.host.showResult(result);
        return;
      case 'needs-confirmation':
        this.setRows([
          { kind: 'message', label: result.message },
          { kind: 'confirm', label: confirmLabel(result.intent), run: () => this.execute(result.intent, true, corrected) },
          { kind: 'cancel', label: _('Cancel'), run: () => this.routeNow() },
        ]);
        return;
      case 'clarification':
      case 'unavailable':
        this.setRows([{ kind: 'message', label: result.message }]);
        return;
    }
  }

  private fill(text: string): void {
    this.entry.setText(text);
    this.entry.setPosition(-1);
    this.routeNow();
  }

  private showSearchFor(query: string, corrected: boolean): void {
    this.execute({ intent: 'search', action: 'search', confidence: 1, entities: { query } }, false, corrected);
  }

  private setRows(rows: CommandRow[]): void {
    this.rows = rows;
    let child = this.list.getFirstChild();
    while (child) {
      const next = child.getNextSibling();
      this.list.remove(child);
      child = next;
    }
    for (const row of rows) this.list.append(this.rowWidget(row));
    const first = rows.findIndex((row) => row.run !== undefined);
    const selected = first >= 0 ? this.list.getRowAtIndex(first) : null;
    if (selected) this.list.selectRow(selected);
    else this.list.unselectAll();
  }

  private rowWidget(row: CommandRow): GtkT.ListBoxRow {
    const box = new Gtk.Box({ spacing: 12, marginTop: 4, marginBottom: 4 });
    box.append(new Gtk.Image({ iconName: ROW_ICONS[row.kind] }));
    const label = new Gtk.Label({ label: row.label, xalign: 0, hexpand: true, wrap: row.run === undefined, ellipsize: row.run === undefined ? 0 : 3 });
    if (row.kind === 'proposal' || row.kind === 'confirm' || row.kind === 'choice') label.addCssClass('heading');
    if (row.run === undefined) label.addCssClass('dim-label');
    box.append(label);
    if (row.kind === 'proposal' || row.kind === 'confirm') {
      const hint = new Gtk.Label({ label: _('Enter'), valign: Gtk.Align.CENTER });
      hint.addCssClass('dim-label');
      hint.addCssClass('caption');
      box.append(hint);
    }
    const widget = new Gtk.ListBoxRow({ child: box, activatable: row.run !== undefined, selectable: row.run !== undefined });
    if (row.kind === 'confirm') widget.addCssClass('error');
    setAccessibleLabel(widget, row.label);
    return widget;
  }

  private key(keyval: number): boolean {
    if (keyval === Gdk.KEY_Down || keyval === Gdk.KEY_Up) {
      this.moveSelection(keyval === Gdk.KEY_Down ? 1 : -1);
      return true;
    }
    if (keyval === Gdk.KEY_Escape) {
      this.hide();
      return true;
    }
    return false;
  }

  /** Arrows skip the rows that only say something. */
  private moveSelection(step: 1 | -1): void {
    let index = this.list.getSelectedRow()?.getIndex() ?? -1;
    for (let i = index + step; i >= 0 && i < this.rows.length; i += step) {
      if (this.rows[i]!.run) {
        index = i;
        break;
      }
    }
    const row = this.list.getRowAtIndex(index);
    if (row) this.list.selectRow(row);
  }

  private activateSelected(): void {
    // A person who types fast after Ctrl+K presses Enter before the router is in: the command is not dropped.
    if (!this.assistant && this.loading) {
      this.enterWhileLoading = true;
      return;
    }
    // Enter before the last keys were routed routes them first: it does what the text says, not what it said.
    if (this.routed !== this.entry.getText()) this.routeNow();
    const index = this.list.getSelectedRow()?.getIndex() ?? this.rows.findIndex((row) => row.run !== undefined);
    this.activate(index);
  }

  private activate(index: number): void {
    if (this.running) return;
    this.rows[index]?.run?.();
  }
}

/** Actions that cannot run without a document or a thread named. */
const NEEDS_DOCUMENT = new Set<UserIntent['action']>(['open_document', 'rename_document', 'move_document', 'link_documents', 'delete_document', 'export']);

/** The question's pending action as a command, when the question already carries all it needs; else undefined. */
function completeReading(question: UserIntent, action: UserIntent['action']): UserIntent | undefined {
  const e = question.entities;
  if (NEEDS_DOCUMENT.has(action) && !e.document) return undefined;
  if ((action === 'show_thread' || action === 'move_document') && !e.thread) return undefined;
  if ((action === 'create_document' || action === 'rename_document') && !e.title) return undefined;
  if (action === 'link_documents' && !e.target) return undefined;
  if (action === 'clarify') return undefined;
  return { intent: INTENT_OF_ACTION[action], action, confidence: 1, entities: e };
}

const HELP = () => _('Enter does what the first row says, arrows pick another row, Esc closes.');

/** Whether the slower readers answered what the fast path did (then the rows stay, and so does the person's selection). */
function sameAnswer(a: UserIntent, b: UserIntent): boolean {
  return a.action === b.action && a.intent === b.intent && a.question === b.question && JSON.stringify(a.entities) === JSON.stringify(b.entities) && JSON.stringify(a.choices) === JSON.stringify(b.choices);
}

const ROW_ICONS: Readonly<Record<CommandRowKind, string>> = {
  proposal: 'go-next-symbolic',
  choice: 'document-open-symbolic',
  confirm: 'user-trash-symbolic',
  cancel: 'process-stop-symbolic',
  suggestion: 'system-search-symbolic',
  message: 'dialog-information-symbolic',
};

function confirmLabel(intent: UserIntent): string {
  const title = intent.entities.document?.title ?? '';
  return intent.action === 'delete_document' ? format(_('Delete ‘{title}’ and its history'), { title }) : format(_('Yes: {action}'), { action: proposalText(intent) });
}
