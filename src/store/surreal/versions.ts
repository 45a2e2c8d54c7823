import { SovereignError, _, format } from '../../core/index.js';
import type { NewCommit } from '../graph-store.js';
import type { Branch, Commit, Document } from '../records.js';
import { commitFromRow, commitRow, type CommitRow } from './commit-rows.js';
import { toDate } from './dates.js';
import { documentFromRow, rowFromDocument, type BranchRow, type DocumentRow } from './document-rows.js';
import { notFound, withoutContent, type DocumentRecords } from './documents.js';
import { checkId, newId, rid } from './ids.js';
import type { StoreSession } from './session.js';
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

/** History storage: commits as rows, branches inside the document row. */
export class VersionRecords {
  constructor(
    private readonly session: StoreSession,
    private readonly documents: DocumentRecords,
  ) {}

  commit(input: NewCommit): Promise<Commit> {
    return this.session.exclusive(async () => {
      const documentId = checkId(input.documentId, _('Document'));
      const row = await this.documents.requireRow(documentId);
      const branchName = checkBranchName(input.branch);
      const branches = row.branches.map((b) => ({ ...b }));
      const branch = findBranch({ ...row, branches }, documentId, branchName);
      const mergeParents = (input.mergeParents ?? []).map((id) => checkId(id, _('Commit')));
      for (const parent of mergeParents) await this.getCommit(parent);
      const content = checkText('content', input.content, { empty: true });
      const now = new Date();
      const commitId = newId();
      const commit = commitRow(commitId, documentId, branchName, [branch.head, ...mergeParents], content, { ...(input.author ? { author: input.author } : {}), ...(input.message !== undefined ? { message: input.message } : {}) }, now, this.session.cipher);
      branch.head = commitId;
      const isCurrent = row.branch === branchName;
      const doc = documentFromRow(row, this.session.cipher);
      const after: Document = isCurrent ? { ...doc, content, modifiedAt: now } : doc;
      // RETURN NONE: the rows are known here; sending a megabyte's text back to be decoded on the main loop costs more than the write.
      await this.session.transact(
        [
          { sql: 'CREATE $id CONTENT $row RETURN NONE', vars: { id: rid('commit', commitId), row: commit } },
          { sql: 'UPDATE $id CONTENT $row RETURN NONE', vars: { id: rid('document', documentId), row: rowFromDocument(documentId, after, row.branch, branches, this.session.cipher) } },
        ],
        [{ type: 'document.committed', payload: { id: documentId, commit: commitId, branch: branchName, merge: mergeParents.length > 0 } }],
        isCurrent ? [{ kind: 'document.updated', document: withoutContent(after), contentChanged: content !== doc.content }] : [],
      );
      return commitFromRow({ ...commit, id: rid('commit', commitId) }, this.session.cipher);
    });
  }

  async getCommit(id: string): Promise<Commit> {
    const [row] = await this.session.select<CommitRow>('SELECT * FROM ONLY $id', { id: rid('commit', checkId(id, _('Commit'))) });
    if (!row) throw notFound(_('commit'), id);
    return commitFromRow(row, this.session.cipher);
  }

  async listCommits(documentId: string, options: { branch?: string; limit?: number } = {}): Promise<Commit[]> {
    const row = await this.documents.requireRow(documentId);
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
    const row = await this.documents.requireRow(documentId);
    return row.branches.map((b) => branchFromRow(documentId, b));
  }

  async currentBranch(documentId: string): Promise<Branch> {
    const row = await this.documents.requireRow(documentId);
    return branchFromRow(documentId, findBranch(row, documentId, row.branch));
  }

  createBranch(documentId: string, name: string, fromCommit?: string): Promise<Branch> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId);
      checkBranchName(name);
      if (row.branches.some((b) => b.name === name)) {
        throw new SovereignError('already-exists', format(_('Document "{id}" already has a branch named "{name}".'), { id: documentId, name }));
      }
      let head = findBranch(row, documentId, row.branch).head;
      if (fromCommit !== undefined) {
        const commit = await this.getCommit(fromCommit);
        if (commit.documentId !== documentId) {
          throw new SovereignError('invalid-input', format(_('Commit "{commit}" belongs to another document.'), { commit: fromCommit }));
        }
        head = commit.id;
      }
      const branch: BranchRow = { name, head, created_at: new Date() };
      await this.session.transact(
        [{ sql: 'UPDATE $id SET branches += $branch', vars: { id: rid('document', documentId), branch } }],
        [{ type: 'branch.created', payload: { id: documentId, branch: name, head } }],
        [],
      );
      return branchFromRow(documentId, branch);
    });
  }

  switchBranch(documentId: string, name: string): Promise<Document> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId);
      const branch = findBranch(row, documentId, name);
      const head = await this.getCommit(branch.head);
      const doc = documentFromRow(row, this.session.cipher);
      const after: Document = { ...doc, content: head.content, modifiedAt: new Date() };
      await this.session.transact(
        [{ sql: 'UPDATE $id CONTENT $row', vars: { id: rid('document', documentId), row: rowFromDocument(documentId, after, name, row.branches, this.session.cipher) } }],
        [{ type: 'branch.switched', payload: { id: documentId, from: row.branch, to: name } }],
        [{ kind: 'document.updated', document: withoutContent(after), contentChanged: after.content !== doc.content }],
      );
      return after;
    });
  }

  deleteBranch(documentId: string, name: string): Promise<void> {
    return this.session.exclusive(async () => {
      const row = await this.documents.requireRow(documentId);
      const branch = findBranch(row, documentId, name);
      if (row.branch === name) {
        throw new SovereignError('conflict', format(_('"{name}" is the current branch and cannot be deleted.'), { name }), {
          hint: _('Switch to another branch first.'),
        });
      }
      await this.session.transact(
        [{ sql: 'UPDATE $id SET branches = $branches', vars: { id: rid('document', documentId), branches: row.branches.filter((b) => b !== branch) } }],
        [{ type: 'branch.deleted', payload: { id: documentId, branch: name, head: branch.head } }],
        [],
      );
    });
  }
}
