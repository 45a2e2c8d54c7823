import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, format } from '../core/index.js';
import type { Answer, AnswerProfile, AskOptions, Citation } from '../assistant/answer/index.js';
import { Gtk, Pango } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard, spawnTask } from './guard.js';
import type { UiAnswers, UiServices } from './services.js';
import { buttonCenter } from './widget-lookup.js';

/** Streamed text reaches the label at most this often: a model writing thousands of tokens a second must not relayout per token. */
const TEXT_FLUSH_MS = 50;
const CONVERSATIONS_SHOWN = 50;

export interface ChatPanelHost {
  /** Opens the document's panel scrolled to the cited characters [start, end). */
  openCitation(citation: Citation): void;
  changed(): void;
}

/**
 * The chat panel (Ask button or command bar, then a question): answers
 * from the documents through the answer service, streamed as the model
 * writes; numbered citation buttons open the cited passage; Stop ends the
 * answer, Regenerate asks again (the conversation keeps both); past
 * conversations can be reopened, and a profile chosen.
 */
export class ChatPanel {
  readonly widget: GtkT.Revealer;
  private readonly card: GtkT.Box;
  private readonly stack: GtkT.Stack;
  private readonly entry: GtkT.Entry;
  private readonly questionLabel: GtkT.Label;
  private readonly answerLabel: GtkT.Label;
  private readonly noticeLabel: GtkT.Label;
  private readonly citationBox: GtkT.Box;
  private readonly stopButton: GtkT.Button;
  private readonly regenerateButton: GtkT.Button;
  private readonly profileDropDown: GtkT.DropDown;
  private readonly conversationList: GtkT.ListBox;
  private profiles: AnswerProfile[] = [];
  private conversationIds: string[] = [];
  private conversationTitles: string[] = [];
  private conversationId: string | undefined;
  private question = '';
  private text = '';
  private status: Answer['status'] | 'answering' | 'failed' | 'idle' = 'idle';
  private citations: Citation[] = [];
  private stop: AbortController | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private chunks = 0;

  constructor(
    private readonly services: UiServices,
    private readonly host: ChatPanelHost,
  ) {
    this.widget = new Gtk.Revealer({ transitionType: Gtk.RevealerTransitionType.SLIDE_LEFT, transitionDuration: 150, halign: Gtk.Align.END, valign: Gtk.Align.FILL });
    this.widget.setVisible(false);
    this.card = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8, widthRequest: 420, marginTop: 12, marginBottom: 12, marginEnd: 12 });
    this.card.addCssClass('card');
    this.card.addCssClass('chat-panel');
    setAccessibleLabel(this.card, _('Ask your documents'));
    this.widget.setChild(this.card);

    const header = new Gtk.Box({ spacing: 6, marginTop: 8, marginStart: 12, marginEnd: 8 });
    const title = new Gtk.Label({ label: _('Ask Your Documents'), xalign: 0, hexpand: true });
    title.addCssClass('heading');
    header.append(title);
    this.profileDropDown = Gtk.DropDown.newFromStrings([_('Default Profile')]);
    this.profileDropDown.setTooltipText(_('Profile'));
    setAccessibleLabel(this.profileDropDown, _('Assistant profile'));
    header.append(this.profileDropDown);
    const historyButton = new Gtk.ToggleButton({ iconName: 'document-open-recent-symbolic', tooltipText: _('Past Conversations') });
    setAccessibleLabel(historyButton, _('Past conversations'));
    historyButton.on('toggled', guard('chat.history', undefined, () => {
      if (historyButton.getActive()) this.showConversations();
      else this.stack.setVisibleChildName('chat');
    }));
    header.append(historyButton);
    const close = new Gtk.Button({ iconName: 'window-close-symbolic', tooltipText: _('Close') });
    close.addCssClass('flat');
    setAccessibleLabel(close, _('Close the chat panel'));
    close.on('clicked', guard('chat.close', undefined, () => this.hide()));
    header.append(close);
    this.card.append(header);

    this.stack = new Gtk.Stack({ vexpand: true });
    const page = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 8, marginStart: 12, marginEnd: 12 });
    this.questionLabel = new Gtk.Label({ xalign: 0, wrap: true, selectable: true });
    this.questionLabel.addCssClass('heading');
    this.answerLabel = new Gtk.Label({ xalign: 0, yalign: 0, wrap: true, selectable: true });
    this.answerLabel.setWrapMode(Pango.WrapMode.WORD_CHAR);
    setAccessibleLabel(this.answerLabel, _('Answer'));
    this.noticeLabel = new Gtk.Label({ xalign: 0, wrap: true });
    this.noticeLabel.addCssClass('dim-label');
    this.noticeLabel.addCssClass('caption');
    this.citationBox = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 4 });
    setAccessibleLabel(this.citationBox, _('Sources'));
    page.append(this.questionLabel);
    page.append(this.answerLabel);
    page.append(this.noticeLabel);
    const scroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true });
    scroller.setChild(page);
    this.stack.addNamed(scroller, 'chat');
    this.conversationList = new Gtk.ListBox({ selectionMode: Gtk.SelectionMode.NONE });
    this.conversationList.addCssClass('boxed-list');
    setAccessibleLabel(this.conversationList, _('Past conversations'));
    this.conversationList.on('row-activated', guard('chat.reopen', undefined, (row: GtkT.ListBoxRow) => {
      const id = this.conversationIds[row.getIndex()];
      historyButton.setActive(false);
      if (id) this.reopen(id);
    }));
    const listScroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, vexpand: true, marginStart: 12, marginEnd: 12 });
    listScroller.setChild(this.conversationList);
    this.stack.addNamed(listScroller, 'conversations');
    this.card.append(this.stack);
    // Below the scrolled answer, so the sources stay in view however long the answer grows.
    this.citationBox.setMarginStart(8);
    this.citationBox.setMarginEnd(8);
    this.card.append(this.citationBox);

    const actions = new Gtk.Box({ spacing: 6, marginStart: 12, marginEnd: 12, halign: Gtk.Align.END });
    this.stopButton = new Gtk.Button({ label: _('Stop'), sensitive: false });
    setAccessibleLabel(this.stopButton, _('Stop the answer'));
    this.stopButton.on('clicked', guard('chat.stop', undefined, () => this.stop?.abort()));
    this.regenerateButton = new Gtk.Button({ label: _('Regenerate'), sensitive: false });
    setAccessibleLabel(this.regenerateButton, _('Answer the question again'));
    this.regenerateButton.on('clicked', guard('chat.regenerate', undefined, () => this.regenerate()));
    actions.append(this.stopButton);
    actions.append(this.regenerateButton);
    this.card.append(actions);

    this.entry = new Gtk.Entry({ placeholderText: _('Ask a question about your documents'), hexpand: true, marginStart: 12, marginEnd: 12, marginBottom: 12 });
    setAccessibleLabel(this.entry, _('Question'));
    this.entry.on('activate', guard('chat.ask', undefined, () => {
      const text = this.entry.getText().trim();
      if (text) this.ask(text, { newConversation: false });
    }));
    this.card.append(this.entry);
  }

  get visible(): boolean {
    return this.widget.getRevealChild();
  }

  show(): void {
    this.widget.setVisible(true);
    this.widget.setRevealChild(true);
    this.loadProfiles();
    this.host.changed();
  }

  hide(): void {
    this.widget.setRevealChild(false);
    this.widget.setVisible(false);
    this.host.changed();
  }

  /** Opens the panel and answers the question (in a new conversation unless one is open and asked to continue). */
  ask(question: string, options: { newConversation?: boolean } = {}): void {
    if (this.stop) return;
    this.show();
    if (options.newConversation ?? true) this.conversationId = undefined;
    this.entry.setText('');
    this.begin(question);
    this.run((answers, ask) => answers.ask(question, { ...ask, ...(this.conversationId ? { conversationId: this.conversationId } : {}) }));
  }

  /** Opens the panel and summarises one document; `done` receives the summary (for the notification). */
  summarize(documentId: string, title: string, done: (answer: Answer) => void): void {
    if (this.stop) return;
    this.show();
    this.conversationId = undefined;
    this.begin(format(_('Summary of “{title}”'), { title }));
    this.run((answers, ask) => answers.summarize(documentId, ask), done);
  }

  private regenerate(): void {
    const id = this.conversationId;
    if (!id || this.stop) return;
    this.begin(this.question);
    this.run((answers, ask) => answers.regenerate(id, ask));
  }

  private begin(question: string): void {
    this.stack.setVisibleChildName('chat');
    this.question = question;
    this.questionLabel.setLabel(question);
    this.text = '';
    this.chunks = 0;
    this.citations = [];
    this.status = 'answering';
    this.answerLabel.setLabel('');
    this.noticeLabel.setLabel(_('Looking through your documents…'));
    this.setCitations([]);
  }

  private run(request: (answers: UiAnswers, options: Omit<AskOptions, 'conversationId'>) => Promise<Answer>, done?: (answer: Answer) => void): void {
    const stop = new AbortController();
    this.stop = stop;
    this.stopButton.setSensitive(true);
    this.regenerateButton.setSensitive(false);
    this.host.changed();
    const profile = this.selectedProfile();
    spawnTask('chat.answer', async () => {
      try {
        if (!this.services.answers) throw new Error(_('Answering questions is not available here.'));
        const answers = await this.services.answers();
        const answer = await request(answers, { signal: stop.signal, onText: (chunk) => this.append(chunk), ...(profile ? { profile } : {}) });
        this.showAnswer(answer);
        done?.(answer);
      } catch (error) {
        this.status = 'failed';
        this.noticeLabel.setLabel((error as Error).message);
      } finally {
        this.stop = undefined;
        this.stopButton.setSensitive(false);
        this.regenerateButton.setSensitive(this.conversationId !== undefined);
        this.host.changed();
      }
    });
  }

  /** Tokens arrive from the model process between frames; the label catches up on a short timer. */
  private append(chunk: string): void {
    this.text += chunk;
    this.chunks++;
    if (this.noticeLabel.getLabel()) this.noticeLabel.setLabel('');
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.answerLabel.setLabel(this.text);
      this.host.changed();
    }, TEXT_FLUSH_MS);
  }

  private showAnswer(answer: Answer): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (answer.conversationId) this.conversationId = answer.conversationId;
    this.status = answer.status;
    this.text = answer.text;
    this.answerLabel.setLabel(answer.text);
    const notes = [answer.status === 'stopped' ? _('Stopped.') : '', answer.notice ?? ''].filter(Boolean);
    this.noticeLabel.setLabel(notes.join(' '));
    this.setCitations(answer.citations);
  }

  private setCitations(citations: Citation[]): void {
    this.citations = citations;
    for (let child = this.citationBox.getFirstChild(); child; child = this.citationBox.getFirstChild()) this.citationBox.remove(child);
    for (const citation of citations) {
      const where = [citation.title, ...citation.headingPath].join(' › ');
      const button = new Gtk.Button({ label: `[${citation.number}] ${where}`, tooltipText: citation.snippet });
      button.addCssClass('flat');
      (button.getChild() as GtkT.Label | null)?.setEllipsize(Pango.EllipsizeMode.END);
      (button.getChild() as GtkT.Label | null)?.setXalign(0);
      setAccessibleLabel(button, format(_('Open source {number}: {where}'), { number: citation.number, where }), citation.snippet);
      button.on('clicked', guard('chat.citation', undefined, () => this.host.openCitation(citation)));
      this.citationBox.append(button);
    }
  }

  private reopen(id: string): void {
    spawnTask('chat.reopen', async () => {
      const turns = await (await this.services.answers!()).turns(id);
      const last = turns.at(-1);
      this.conversationId = id;
      this.question = last?.question ?? '';
      this.questionLabel.setLabel(this.question);
      const answer = last?.answers.at(-1);
      if (answer) this.showAnswer(answer);
      this.regenerateButton.setSensitive(true);
      this.stack.setVisibleChildName('chat');
      this.host.changed();
    });
  }

  private showConversations(): void {
    this.stack.setVisibleChildName('conversations');
    spawnTask('chat.conversations', async () => {
      if (!this.services.answers) return;
      const conversations = await (await this.services.answers()).listConversations(CONVERSATIONS_SHOWN);
      this.conversationIds = conversations.map((c) => c.id);
      this.conversationTitles = conversations.map((c) => c.title);
      for (let child = this.conversationList.getFirstChild(); child; child = this.conversationList.getFirstChild()) this.conversationList.remove(child);
      for (const conversation of conversations) {
        const row = new Gtk.ListBoxRow({ activatable: true });
        const label = new Gtk.Label({ label: conversation.title, xalign: 0, ellipsize: Pango.EllipsizeMode.END, marginTop: 8, marginBottom: 8, marginStart: 8 });
        row.setChild(label);
        setAccessibleLabel(row, conversation.title);
        this.conversationList.append(row);
      }
      if (conversations.length === 0) this.conversationList.setPlaceholder(new Gtk.Label({ label: _('No conversations yet'), marginTop: 12 }));
      this.host.changed();
    });
  }

  private loadProfiles(): void {
    if (!this.services.answers) return;
    spawnTask('chat.profiles', async () => {
      this.profiles = (await this.services.answers!()).profiles();
      const model = Gtk.StringList.new([_('Default Profile'), ...this.profiles.map((p) => p.name)]);
      const selected = this.profileDropDown.getSelected();
      this.profileDropDown.setModel(model);
      this.profileDropDown.setSelected(selected <= this.profiles.length ? selected : 0);
    });
  }

  private selectedProfile(): AnswerProfile | undefined {
    const index = this.profileDropDown.getSelected();
    return index > 0 ? this.profiles[index - 1] : undefined;
  }

  /** What the panel shows, for the test probe: the question, the streamed text, the citation buttons and where they are. */
  state(window: GtkT.Window): Record<string, unknown> {
    // Buttons are reported once the panel has finished sliding in: until then they move.
    const settled = this.widget.getChildRevealed();
    return {
      visible: this.visible,
      page: this.stack.getVisibleChildName(),
      question: this.question,
      shownText: this.answerLabel.getLabel(),
      text: this.text,
      chunks: this.chunks,
      status: this.status,
      notice: this.noticeLabel.getLabel(),
      conversationId: this.conversationId ?? null,
      conversations: this.conversationTitles,
      historyButton: settled ? buttonCenter(window, this.card, { tooltip: _('Past Conversations') }) : null,
      profiles: this.profiles.map((p) => p.name),
      stopSensitive: this.stopButton.getSensitive(),
      regenerateSensitive: this.regenerateButton.getSensitive(),
      stopButton: settled ? buttonCenter(window, this.card, { label: _('Stop') }) : null,
      regenerateButton: settled ? buttonCenter(window, this.card, { label: _('Regenerate') }) : null,
      citations: this.citations.map((c) => ({
        number: c.number,
        documentId: c.documentId,
        title: c.title,
        start: c.start,
        end: c.end,
        button: settled ? buttonCenter(window, this.citationBox, { label: `[${c.number}] ${[c.title, ...c.headingPath].join(' › ')}` }) : null,
      })),
    };
  }
}
