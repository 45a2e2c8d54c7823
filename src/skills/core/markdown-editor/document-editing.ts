import path from 'node:path';
import { SovereignError, _, format } from '../../../core/index.js';
import type { Commit, DocumentMeta, GraphStore } from '../../../store/index.js';
import type { WorkspaceModel } from '../../../workspace/index.js';
import { systemClock, type Clock } from './clock.js';
import { BranchDraftStore, versionBranchOf } from './draft-branch.js';
import { DraftJournal } from './draft-journal.js';
import { EditingSession, type EditingSessionOptions, type SessionTimings } from './editing-session.js';
import { replayJournal, type ReplayReport } from './replay-journal.js';
import { syncWikiReferences } from './wiki-references.js';
import type { FieldCipher } from '../../../store/index.js';

/** The journal's folder under the data dir. */
export const JOURNAL_DIR = 'journal';

/** Longest title a rename accepts (a title is one line, shown on a card). */
const MAX_TITLE_LENGTH = 300;

export interface DocumentEditingOptions {
  store: GraphStore;
  model: WorkspaceModel;
  /** Sovereign's data dir; the journal lives in <dataDir>/journal. */
  dataDir: string;
  clock?: Clock;
  timings?: Partial<SessionTimings>;
  /** The store's field cipher: a vault's journal is sealed with it. */
  cipher?: FieldCipher;
}

/**
 * The markdown editor's domain service: the one way in for editing a
 * document, whichever adapter asks (the window today). Opens editing
 * sessions (journal, autosave, one version per session, wiki-link
 * references), renames, completes titles and replays the journal when the
 * workspace opens.
 */
export class DocumentEditing {
  readonly journal: DraftJournal;
  private readonly drafts: BranchDraftStore;
  private readonly sessions = new Map<string, EditingSession>();
  private readonly elsewhereListeners = new Map<EditingSession, (content: string) => void>();
  /** Checks for a change made elsewhere still running: closing waits for them, so none reads a closed store. */
  private readonly checks = new Set<Promise<void>>();
  private offModel: (() => void) | undefined;

  constructor(private readonly options: DocumentEditingOptions) {
    this.journal = new DraftJournal(path.join(options.dataDir, JOURNAL_DIR), options.cipher);
    this.drafts = new BranchDraftStore(options.store);
  }

  /** Saves text left in the journal by a session that did not end. */
  replay(): Promise<ReplayReport> {
    return replayJournal(this.journal, this.drafts, (id) => this.options.model.has(id));
  }

  /**
   * Starts editing a document whose current text is initialText. onChangedElsewhere
   * is called with the new text when another writer (the assistant, a D-Bus
   * client, another panel) changes the document's content meanwhile.
   */
  open(documentId: string, initialText: string, hooks: Pick<EditingSessionOptions, 'onState'> & { onChangedElsewhere?: (content: string) => void } = {}): EditingSession {
    const { onChangedElsewhere, ...sessionHooks } = hooks;
    const { store, model } = this.options;
    const session = new EditingSession({
      documentId,
      initialText,
      drafts: this.drafts,
      journal: this.journal,
      clock: this.options.clock ?? systemClock,
      ...(this.options.timings ? { timings: this.options.timings } : {}),
      afterSave: async (content) => {
        await syncWikiReferences(store, model, documentId, content);
      },
      ...sessionHooks,
    });
    this.sessions.set(documentId, session);
    if (onChangedElsewhere) {
      this.elsewhereListeners.set(session, onChangedElsewhere);
      this.offModel ??= model.onChange((change) => {
        if (change.kind === 'document.updated' && change.contentChanged) this.checkElsewhere(change.document.id, change.head);
      });
    }
    return session;
  }

  /**
   * The content of an open document changed; head: the commit it is now.
   * The session's own autosaves are told apart by that id, without reading
   * a megabyte back per save. The store announces a change before the save
   * that made it returns its id, so the judgement waits for the session's
   * writes in flight; only another writer's change is read and compared.
   */
  private checkElsewhere(documentId: string, head: string | undefined): void {
    const session = this.sessions.get(documentId);
    const listener = session && this.elsewhereListeners.get(session);
    if (!session || !listener) return;
    const check = session
      .idle()
      .then(async () => {
        if (head !== undefined && session.madeCommit(head)) return;
        const doc = await this.options.store.getDocument(documentId);
        if (this.elsewhereListeners.get(session) === listener && session.isFromElsewhere(doc.content)) listener(doc.content);
      })
      .catch(() => undefined)
      .finally(() => this.checks.delete(check));
    this.checks.add(check);
  }

  /** Resolves when every session's writes and every check for a change made elsewhere have finished. */
  async idle(): Promise<void> {
    do {
      await Promise.all([...this.sessions.values()].map((session) => session.idle()));
      await Promise.all([...this.checks]);
    } while (this.checks.size > 0);
  }

  /**
   * Keep Mine, after a change made elsewhere: the other text is kept on a
   * branch of its own ("elsewhere/<time>", nothing is lost) and the
   * session's text is saved over it as the document's.
   */
  async keepMine(session: EditingSession): Promise<string> {
    const { store } = this.options;
    const stamp = new Date((this.options.clock ?? systemClock).now()).toISOString().replace(/[:.]/g, '-');
    const name = `elsewhere/${stamp}`;
    const head = (await store.currentBranch(session.documentId)).head;
    await store.createBranch(session.documentId, name, head);
    await session.saveNow();
    return name;
  }

  /** Ends a session (its edits become a version). */
  async close(session: EditingSession): Promise<void> {
    this.elsewhereListeners.delete(session);
    await session.close();
    if (this.sessions.get(session.documentId) === session) this.sessions.delete(session.documentId);
  }

  /**
   * Ends every open session: the window or the process is closing. Resolves
   * when nothing of the editor's is left running, so the store can close.
   */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.close(session)));
    this.offModel?.();
    this.offModel = undefined;
    await Promise.all([...this.checks]);
  }

  async rename(documentId: string, title: string): Promise<DocumentMeta> {
    const trimmed = title.trim();
    if (!trimmed) throw new SovereignError('invalid-input', _('A title cannot be empty.'));
    if (trimmed.length > MAX_TITLE_LENGTH || /[\n\r]/.test(trimmed)) {
      throw new SovereignError('invalid-input', format(_('A title is one line of at most {max} characters.'), { max: MAX_TITLE_LENGTH }));
    }
    return this.options.store.updateDocument(documentId, { title: trimmed });
  }

  /**
   * The document's versions, newest first: while a session's drafts are
   * open, those of the branch the session returns to (autosaves are not
   * versions).
   */
  async history(documentId: string, limit = 100): Promise<Commit[]> {
    const current = await this.options.store.currentBranch(documentId);
    return this.options.store.listCommits(documentId, { branch: versionBranchOf(current.name), limit });
  }

  /**
   * "Make It Mine": an owned, editable copy of an imported document, linked
   * to the original by a derived_from relationship (the original stays as
   * imported). Returns the copy's id.
   */
  async makeItMine(originalId: string): Promise<string> {
    const { store } = this.options;
    const original = await store.getDocument(originalId);
    if (original.isOwned) {
      throw new SovereignError('invalid-input', format(_('"{title}" is yours already; there is nothing to copy.'), { title: original.title }));
    }
    if (original.docType !== 'markdown' && original.docType !== 'text') {
      throw new SovereignError('unsupported', format(_('"{title}" is not text; only markdown and text documents can be made yours here.'), { title: original.title }));
    }
    const copy = await store.createDocument(
      { title: original.title, docType: original.docType, content: original.content, threadId: original.threadId, isOwned: true },
      { author: 'user', message: format(_('Made mine from "{title}"'), { title: original.title }) },
    );
    await store.createRelationship({ kind: 'derived_from', from: copy.id, to: original.id });
    return copy.id;
  }

  /** Titles for `[[` completion: those starting with the partial title, case-insensitive. */
  titlesStartingWith(partial: string, limit = 8): string[] {
    return this.options.model.titlePrefix(partial, limit).map((doc) => doc.title);
  }
}
