import { _, createLogger } from '../../../core/index.js';
import type { Clock } from './clock.js';
import type { DraftStore } from './draft-branch.js';

const log = createLogger('editor.session');

/**
 * The delays of an editing session. The journal is written first and often
 * (it is what survives a kill -9); the store a little later (each save is a
 * transaction and re-indexes search); a version only when the writer pauses.
 */
export interface SessionTimings {
  /** After the last change, the text goes to the journal. */
  journalMs: number;
  /** After the last change, the text is saved as the document's content ("within a second"). */
  saveMs: number;
  /** After this long without a change, the session's edits become one version. */
  idleVersionMs: number;
}

export const DEFAULT_TIMINGS: SessionTimings = { journalMs: 250, saveMs: 700, idleVersionMs: 30_000 };

/** What the session needs of the journal (DraftJournal). */
export interface SessionJournal {
  write(documentId: string, content: string, writtenAt?: number): Promise<void>;
  remove(documentId: string): Promise<void>;
}

export type SaveState = 'saved' | 'unsaved' | 'failed';

export interface EditingSessionOptions {
  documentId: string;
  /** The document's content when the editor opened it. */
  initialText: string;
  drafts: DraftStore;
  journal: SessionJournal;
  clock: Clock;
  timings?: Partial<SessionTimings>;
  /** Called after each successful save with the saved text (wiki links are resolved here). */
  afterSave?: (content: string) => Promise<void>;
  /** Called whenever the save state changes. */
  onState?: (state: SaveState) => void;
}

/**
 * One document being edited: the debounced journal and autosave, and the
 * commit policy that turns a session of edits into one version (after a
 * pause of idleVersionMs, on close, or when asked with a message). Every
 * write goes through one queue, in order, so a journal entry is never
 * removed after newer text was written to it. No GTK: the window feeds it
 * the buffer's text.
 */
export class EditingSession {
  readonly documentId: string;
  private readonly timings: SessionTimings;
  private text: string;
  private reader: (() => string) | undefined;
  /** The text last stored as the document's content. */
  private stored: string;
  /** Edits saved since the last version. */
  private drafted = false;
  private journalTimer: unknown;
  private saveTimer: unknown;
  private idleTimer: unknown;
  private queue: Promise<void> = Promise.resolve();
  private stateValue: SaveState = 'saved';
  /** The commits this session's saves made lately: a store change naming one as its head is our own echo. */
  private readonly heads: string[] = [];
  private versionsMade = 0;
  private closed = false;

  constructor(private readonly options: EditingSessionOptions) {
    this.documentId = options.documentId;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.text = options.initialText;
    this.stored = options.initialText;
  }

  get state(): SaveState {
    return this.stateValue;
  }

  /** The text last saved to the store. */
  get savedText(): string {
    return this.stored;
  }

  /** Versions this session has committed. */
  get versions(): number {
    return this.versionsMade;
  }

  /** The buffer changed to this text: schedule the journal, the save and the idle version. */
  edit(text: string): void {
    if (this.closed || text === this.text) return;
    this.text = text;
    this.schedule();
  }

  /**
   * The buffer changed; read(): its text, called only when the text is
   * written (copying a megabyte out of the buffer on every keystroke would
   * cost more than the keystroke).
   */
  touch(read: () => string): void {
    if (this.closed) return;
    this.reader = read;
    this.schedule();
  }

  /** The latest text: what the buffer holds now, if it changed since it was last read. */
  private current(): string {
    if (this.reader) {
      this.text = this.reader();
      this.reader = undefined;
    }
    return this.text;
  }

  private schedule(): void {
    this.setState('unsaved');
    const { clock } = this.options;
    clock.clearTimeout(this.journalTimer);
    clock.clearTimeout(this.saveTimer);
    clock.clearTimeout(this.idleTimer);
    this.journalTimer = clock.setTimeout(() => this.enqueue('journal', () => this.writeJournal()), this.timings.journalMs);
    this.saveTimer = clock.setTimeout(() => this.enqueue('save', () => this.save()), this.timings.saveMs);
    this.idleTimer = clock.setTimeout(() => this.enqueue('idle version', () => this.commit(_('Edited'))), this.timings.idleVersionMs);
  }

  /**
   * Ctrl+S: saves now and ends the session as a version with the message.
   * Resolves when it is stored: true when a version was made, false when
   * nothing changed since the last one (or the write failed: see state).
   */
  async saveVersion(message: string = _('Saved a version')): Promise<boolean> {
    this.cancelTimers();
    let made = false;
    await this.enqueue('version', async () => {
      await this.writeJournal();
      await this.save();
      made = await this.commit(message);
    });
    return made;
  }

  /** The editor closes: whatever was typed is saved and becomes a version. No edits after this. */
  async close(): Promise<void> {
    if (this.closed) return this.queue;
    const edited = this.drafted || this.current() !== this.stored;
    this.closed = true;
    this.cancelTimers();
    if (!edited) return this.queue;
    return this.enqueue('close', async () => {
      await this.writeJournal();
      await this.save();
      await this.commit(_('Edited'));
    });
  }

  /** Whether the commit (a store change's head) was made by one of this session's saves. */
  madeCommit(commitId: string): boolean {
    return this.heads.includes(commitId);
  }

  /** Whether stored content that just changed (by another writer than this session) differs from the session's text. */
  isFromElsewhere(content: string): boolean {
    return content !== this.stored && content !== this.current();
  }

  /**
   * Takes the document's content as the session's text (Reload after a
   * change made elsewhere): nothing to save, it is stored already.
   */
  adopt(content: string): void {
    this.reader = undefined;
    this.text = content;
    this.stored = content;
    this.setState('saved');
  }

  /** Saves the session's text now (Keep Mine after a change made elsewhere). */
  saveNow(): Promise<void> {
    const { clock } = this.options;
    clock.clearTimeout(this.journalTimer);
    clock.clearTimeout(this.saveTimer);
    // What is stored is the other writer's text now, whatever this session stored last: write ours over it.
    return this.enqueue('keep mine', async () => {
      await this.options.journal.write(this.documentId, this.current(), clock.now());
      await this.save(true);
    });
  }

  /** Resolves when every write scheduled so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private cancelTimers(): void {
    const { clock } = this.options;
    clock.clearTimeout(this.journalTimer);
    clock.clearTimeout(this.saveTimer);
    clock.clearTimeout(this.idleTimer);
  }

  private enqueue(what: string, work: () => Promise<unknown>): Promise<void> {
    const run = this.queue.then(async () => {
      await work();
    }).catch((error: unknown) => {
      // The text stays in the journal (and the buffer): the next save tries again.
      log.error('an editor write failed', { documentId: this.documentId, what, error });
      this.setState('failed');
    });
    this.queue = run;
    return run;
  }

  private async writeJournal(): Promise<void> {
    const text = this.current();
    // Text already stored is in the journal too (it is written first): no need to write it again.
    if (text === this.stored) return;
    await this.options.journal.write(this.documentId, text, this.options.clock.now());
  }

  private async save(force = false): Promise<void> {
    const text = this.current();
    if (text === this.stored && !force) {
      if (this.stateValue !== 'failed') this.setState('saved');
      return;
    }
    // Forced (Keep Mine): what is stored is another writer's text, not this.stored; let the store compare.
    const head = await this.options.drafts.saveDraft(this.documentId, text, force ? undefined : this.stored);
    if (head !== undefined) {
      this.heads.push(head);
      // A change is judged once the save that made it returns (see DocumentEditing): a few suffice.
      if (this.heads.length > 8) this.heads.shift();
    }
    this.stored = text;
    this.drafted = true;
    if (this.reader === undefined && this.text === text) this.setState('saved');
    if (this.options.afterSave) await this.options.afterSave(text);
  }

  /** Makes a version of the drafts saved since the last one; false when there were none. */
  private async commit(message: string): Promise<boolean> {
    if (!this.drafted) return false;
    const text = this.stored;
    const made = await this.options.drafts.commitVersion(this.documentId, message);
    if (made) this.versionsMade++;
    this.drafted = false;
    // Only when nothing newer was typed meanwhile: newer text still needs its journal entry.
    if (this.reader === undefined && this.text === text) await this.options.journal.remove(this.documentId);
    return made;
  }

  private setState(state: SaveState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.options.onState?.(state);
  }
}
