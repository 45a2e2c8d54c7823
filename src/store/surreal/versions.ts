import { SovereignError, _, format } from '../../core/index.js';
import type { NewCommit } from '../graph-store.js';
import type { Branch, Commit, DocumentMeta } from '../records.js';
import { commitFromRow, commitRow, writtenCommit, type CommitRow } from './commit-rows.js';
import { toDate } from './dates.js';
import { WITHOUT_CONTENT, documentRecordName, metaFromRow, type BranchRow, type DocumentRow } from './document-rows.js';
import { notFound, type DocumentRecords } from './documents.js';
import { checkId, newId, rid } from './ids.js';
import type { Statement, StoreSession } from './session.js';
import { checkLimit, checkText } from './validate.js';

// "\/" although a class needs no escape: xgettext 0.21 ends a regex at an unescaped "/" and then misses the strings after it.
const BRANCH_NAME = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/;

function branchFromRow(documentId: string, row: BranchRow): Branch {
  return { id: `${documentId}/${row.name}`, documentId, name: row.name, head: row.head, createdAt: toDate(row.created_at) };
}

function checkBranchName(name: string): string {
  checkText('branch', name);
  if (!BRANCH_NAME.test(name)) {
    throw new SovereignError('invalid-input', format(_('"{name}" is not a valid branch name: use letters, digits, ".", "_", "/" or "-".'), { name }));
  }
  return name;
}

function findBranch(row: DocumentRow, documentId: string, name: string): BranchRow {
  const branch = row.branches.find((b) => b.name === name);
  if (!branch) {
    throw new SovereignError('not-found', format(_('Document "{id}" has no branch named "{name}".'), { id: documentId, name }), {
      detail: { id: documentId, branch: name },
    });
  }
  return branch;
}

/**
 * History storage: commits as rows, branches inside the document row.
 * Nothing here reads a document's content: a history write on a megabyte
 * note reads its branches, writes once, and lets the engine say whether the
 * content changed ($before/$after), so an autosave costs one transaction.
 */
export class VersionRecords {
  constructor(
    private readonly session: StoreSession,
    private readonly documents: DocumentRecords,
  ) {}

  commit(input: NewCommit): Promise<Commit> {
    return this.session.exclusive(async () => {
      const documentId = checkId(input.documentId, _('Document'));
      const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
      const branchName = checkBranchName(input.branch);
      const branches = row.branches.map((b) => ({ ...b }));
      const branch = findBranch({ ...row, branches }, documentId, branchName);
      const mergeParents = (input.mergeParents ?? []).map((id) => checkId(id, _('Commit')));
      for (const parent of mergeParents) await this.commitDocument(parent);
      const content = checkText('content', input.content, { empty: true });
      const now = new Date();
      const commitId = newId();
      const { cipher } = this.session;
      const commit = commitRow(commitId, documentId, branchName, [branch.head, ...mergeParents], content, { ...(input.author ? { author: input.author } : {}), ...(input.message !== undefined ? { message: input.message } : {}) }, now, cipher);
      branch.head = commitId;
      const isCurrent = row.branch === branchName;
      const id = rid('document', documentId);
      // On the current branch the content follows; the engine compares old and new (in a vault the
      // sealed texts always differ, so there a commit counts as a change: at worst one re-index).
      // A plain text is sent once and copied from the new commit inside the engine: encoding a
      // megabyte for the query is main-loop time. A vault seals it for the document on its own.
      const update: Statement = !isCurrent
        ? { sql: 'UPDATE ONLY $id SET branches = $branches RETURN NONE', vars: { id, branches } }
        : cipher.encrypts
          ? {
              sql: 'UPDATE ONLY $id SET content = $content, modified_at = $now, branches = $branches RETURN VALUE $before.content != $after.content',
              vars: { id, now, branches, content: cipher.seal(documentRecordName(documentId), 'content', content) },
            }
          : {
              sql: 'UPDATE ONLY $id SET content = $commit.content, modified_at = $now, branches = $branches RETURN VALUE $before.content != $after.content',
              vars: { id, now, branches, commit: rid('commit', commitId) },
            };
      // RETURN NONE: the rows are known here; sending a megabyte's text back to be decoded on the main loop costs more than the write.
      await this.session.transact(
        [{ sql: 'CREATE $id CONTENT $row RETURN NONE', vars: { id: rid('commit', commitId), row: commit } }, update],
        [{ type: 'document.committed', payload: { id: documentId, commit: commitId, branch: branchName, merge: mergeParents.length > 0 } }],
        (results) =>
          isCurrent
            ? [{ kind: 'document.updated', document: { ...metaFromRow(row, cipher), modifiedAt: now }, contentChanged: results[1] !== false, head: commitId }]
            : [],
      );
      return writtenCommit(commitId, commit, content, cipher);
    });
  }

  async getCommit(id: string): Promise<Commit> {
    const [row] = await this.session.select<CommitRow>('SELECT * FROM ONLY $id', { id: rid('commit', checkId(id, _('Commit'))) });
    if (!row) throw notFound(_('commit'), id);
    return commitFromRow(row, this.session.cipher);
  }

  /** The document a commit belongs to; fails when there is no such commit. Reads no content. */
  private async commitDocument(id: string): Promise<string> {
    const [row] = await this.session.select<Pick<CommitRow, 'document'>>('SELECT document FROM ONLY $id', { id: rid('commit', checkId(id, _('Commit'))) });
    if (!row) throw notFound(_('commit'), id);
    return row.document;
  }

  async listCommits(documentId: string, options: { branch?: string; limit?: number } = {}): Promise<Commit[]> {
    const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
    const head = findBranch(row, documentId, options.branch ?? row.branch).head;
    const limit = checkLimit('limit', options.limit, 100, 10_000);
    const byId = new Map((await this.allCommits(documentId)).map((c) => [c.id, c]));
    const history: Commit[] = [];
    for (let id: string | undefined = head; id !== undefined && history.length < limit; ) {
      const commit = byId.get(id);
      if (!commit) break;
      history.push(commit);
      id = commit.parents[0];
    }
    return history;
  }

  async allCommits(documentId: string): Promise<Commit[]> {
    const rows = await this.session.select<CommitRow>('SELECT * FROM commit WHERE document = $doc', { doc: checkId(documentId, _('Document')) });
    return rows.map((row) => commitFromRow(row, this.session.cipher)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  async listBranches(documentId: string): Promise<Branch[]> {
    const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
    return row.branches.map((b) => branchFromRow(documentId, b));
  }

  async currentBranch(documentId: string): Promise<Branch> {
    const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
    return branchFromRow(documentId, findBranch(row, documentId, row.branch));
  }

  createBranch(documentId: string, name: string, fromCommit?: string): Promise<Branch> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
      checkBranchName(name);
      if (row.branches.some((b) => b.name === name)) {
        throw new SovereignError('already-exists', format(_('Document "{id}" already has a branch named "{name}".'), { id: documentId, name }));
      }
      let head = findBranch(row, documentId, row.branch).head;
      if (fromCommit !== undefined) {
        if ((await this.commitDocument(fromCommit)) !== documentId) {
          throw new SovereignError('invalid-input', format(_('Commit "{commit}" belongs to another document.'), { commit: fromCommit }));
        }
        head = fromCommit;
      }
      const branch: BranchRow = { name, head, created_at: new Date() };
      await this.session.transact(
        [{ sql: 'UPDATE $id SET branches += $branch RETURN NONE', vars: { id: rid('document', documentId), branch } }],
        [{ type: 'branch.created', payload: { id: documentId, branch: name, head } }],
        [],
      );
      return branchFromRow(documentId, branch);
    });
  }

  /**
   * Makes another branch current; the content becomes its head's text. A
   * branch that starts where the current one is (an editor's draft) leaves
   * the content as it is; otherwise a plain store copies the text inside the
   * engine, and a vault opens and seals it again for the document.
   */
  switchBranch(documentId: string, name: string): Promise<DocumentMeta> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
      const branch = findBranch(row, documentId, name);
      const from = findBranch(row, documentId, row.branch);
      const { cipher } = this.session;
      const now = new Date();
      const id = rid('document', documentId);
      let update: Statement;
      if (branch.head === from.head) {
        update = { sql: 'UPDATE ONLY $id SET branch = $name, modified_at = $now RETURN NONE', vars: { id, name, now } };
      } else if (cipher.encrypts) {
        const head = await this.getCommit(branch.head);
        update = {
          sql: 'UPDATE ONLY $id SET branch = $name, modified_at = $now, content = $content RETURN VALUE $before.content != $after.content',
          vars: { id, name, now, content: cipher.seal(documentRecordName(documentId), 'content', head.content) },
        };
      } else {
        await this.commitDocument(branch.head);
        update = {
          sql: 'UPDATE ONLY $id SET branch = $name, modified_at = $now, content = $head.content RETURN VALUE $before.content != $after.content',
          vars: { id, name, now, head: rid('commit', branch.head) },
        };
      }
      const after: DocumentMeta = { ...metaFromRow(row, cipher), modifiedAt: now };
      await this.session.transact(
        [update],
        [{ type: 'branch.switched', payload: { id: documentId, from: row.branch, to: name } }],
        (results) => [{ kind: 'document.updated', document: after, contentChanged: branch.head !== from.head && results[0] !== false, head: branch.head }],
      );
      return after;
    });
  }

  deleteBranch(documentId: string, name: string): Promise<void> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId, WITHOUT_CONTENT);
      const branch = findBranch(row, documentId, name);
      if (row.branch === name) {
        throw new SovereignError('conflict', format(_('"{name}" is the current branch and cannot be deleted.'), { name }), {
          hint: _('Switch to another branch first.'),
        });
      }
      await this.session.transact(
        [{ sql: 'UPDATE $id SET branches = $branches RETURN NONE', vars: { id: rid('document', documentId), branches: row.branches.filter((b) => b !== branch) } }],
        [{ type: 'branch.deleted', payload: { id: documentId, branch: name, head: branch.head } }],
        [],
      );
    });
  }
}
