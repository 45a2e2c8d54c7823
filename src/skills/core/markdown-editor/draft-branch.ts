import { _ } from '../../../core/index.js';
import type { GraphStore } from '../../../store/index.js';

/** How many documents' last version texts are kept (see BranchDraftStore.lastVersion). */
const REMEMBERED_VERSIONS = 8;

/** Drafts of a session live on a branch named after the branch they return to: "draft/main". */
const DRAFT_PREFIX = 'draft/';

export function isDraftBranch(name: string): boolean {
  return name.startsWith(DRAFT_PREFIX);
}

/** The branch whose history a person sees: a draft's base, or the branch itself. */
export function versionBranchOf(name: string): string {
  return isDraftBranch(name) ? name.slice(DRAFT_PREFIX.length) : name;
}

/**
 * Where an editing session writes. Autosaves are drafts: they update the
 * document's content (so the canvas, search and the Shell see every edit at
 * once) without adding to its history. A version ends the session: one
 * commit on the document's own branch.
 */
export interface DraftStore {
  /**
   * Stores the text as the document's content (opens a draft if none is
   * open). stored: the text the caller knows is the content now (what it
   * last saved or opened); when given, the text is compared with it instead
   * of reading the head's text back (decoding a megabyte on the main loop).
   * Without it the head is read: after a crash, or when another writer's
   * text is to be written over. Resolves with the id of the commit it made
   * (the head that the store's change notification names), or undefined
   * when the text was stored already.
   */
  saveDraft(documentId: string, content: string, stored?: string): Promise<string | undefined>;
  /**
   * Ends the draft: its text becomes one version on the document's branch
   * (none when the text did not change). Returns whether a version was made.
   */
  commitVersion(documentId: string, message: string): Promise<boolean>;
}

/**
 * DraftStore over the version store's branches. The first autosave of a
 * session starts a branch "draft/<branch>" at the head and makes it
 * current; autosaves commit there (the document's content follows, and is
 * announced). The version commits the draft's last text once on <branch>,
 * switches back and deletes the draft branch, so history shows one commit
 * per session while each autosave was durable. A draft branch left behind
 * by a crash is picked up again and finished by the next session or the
 * journal replay.
 */
export class BranchDraftStore implements DraftStore {
  /**
   * Per document, the last autosave this store made: its commit and text.
   * A commit is a snapshot that never changes, so while the draft's head is
   * still that commit, its text is known without reading it back.
   */
  private readonly lastSaved = new Map<string, { commit: string; content: string }>();
  /**
   * Per document, the version the last commitVersion left as its branch's
   * head, likewise; for the few documents edited last (each holds its text).
   */
  private readonly lastVersion = new Map<string, { commit: string; content: string }>();

  constructor(private readonly store: GraphStore) {}

  async saveDraft(documentId: string, content: string, stored?: string): Promise<string | undefined> {
    if (stored === content) return undefined;
    const draft = await this.openDraft(documentId);
    if (stored === undefined && (await this.store.getCommit(draft.head)).content === content) return undefined;
    const commit = (await this.store.commit({ documentId, branch: draft.name, content, author: 'user', message: _('Autosave') })).id;
    this.lastSaved.set(documentId, { commit, content });
    return commit;
  }

  /** A commit's text: from what this store wrote or read when it is that commit (a megabyte not read back), else read. */
  private async textOf(head: string, known: { commit: string; content: string } | undefined): Promise<string> {
    return known?.commit === head ? known.content : (await this.store.getCommit(head)).content;
  }

  async commitVersion(documentId: string, message: string): Promise<boolean> {
    // Reads side by side: this runs while the window closes, when every round trip counts.
    const [current, branches] = await Promise.all([this.store.currentBranch(documentId), this.store.listBranches(documentId)]);
    if (!isDraftBranch(current.name)) return false;
    const base = versionBranchOf(current.name);
    const baseBranch = branches.find((b) => b.name === base);
    const [draftText, baseText] = await Promise.all([
      this.textOf(current.head, this.lastSaved.get(documentId)),
      baseBranch ? this.textOf(baseBranch.head, this.lastVersion.get(documentId)) : Promise.resolve(undefined),
    ]);
    this.lastSaved.delete(documentId);
    this.lastVersion.delete(documentId);
    let committed = false;
    if (baseBranch && baseText !== undefined) {
      let version = baseBranch.head;
      if (baseText !== draftText) {
        // Not the current branch: the content does not move (it already is the draft's text).
        version = (await this.store.commit({ documentId, branch: base, content: draftText, author: 'user', message })).id;
        committed = true;
      }
      this.lastVersion.set(documentId, { commit: version, content: draftText });
      if (this.lastVersion.size > REMEMBERED_VERSIONS) this.lastVersion.delete(this.lastVersion.keys().next().value!);
    } else {
      // The branch it came from was deleted meanwhile: keep the text on a branch of that name again.
      await this.store.createBranch(documentId, base, current.head);
      committed = true;
    }
    await this.store.switchBranch(documentId, base);
    await this.store.deleteBranch(documentId, current.name);
    return committed;
  }

  private async openDraft(documentId: string) {
    const current = await this.store.currentBranch(documentId);
    if (isDraftBranch(current.name)) return current;
    const name = DRAFT_PREFIX + current.name;
    // A stale draft of this branch that is not current: its texts stay reachable by id; start afresh.
    const stale = (await this.store.listBranches(documentId)).some((b) => b.name === name);
    if (stale) await this.store.deleteBranch(documentId, name);
    const draft = await this.store.createBranch(documentId, name, current.head);
    await this.store.switchBranch(documentId, name);
    return draft;
  }
}
