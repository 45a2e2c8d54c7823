import { SovereignError, _, format } from '../core/index.js';
import type { Commit, GraphStore } from '../store/index.js';
import { ancestors, mergeBase } from './merge-base.js';
import { diffTexts } from './text-diff.js';
import { mergeTexts, renderMerge } from './text-merge.js';
import type { CommitDiff, CommitOptions, MergeResult, VersionControl } from './version-control.js';

/** VersionControl over the store's history primitives. */
export class StoreVersionControl implements VersionControl {
  constructor(private readonly store: GraphStore) {}

  async save(documentId: string, content: string, options: CommitOptions = {}): Promise<Commit> {
    const [doc, branch] = await Promise.all([this.store.getDocument(documentId), this.store.currentBranch(documentId)]);
    if (doc.content === content) return this.store.getCommit(branch.head);
    return this.store.commit({ documentId, branch: branch.name, content, ...options });
  }

  history(documentId: string, options?: { branch?: string; limit?: number }): Promise<Commit[]> {
    return this.store.listCommits(documentId, options);
  }

  async diff(fromCommit: string, toCommit: string): Promise<CommitDiff> {
    const [from, to] = await Promise.all([this.store.getCommit(fromCommit), this.store.getCommit(toCommit)]);
    return { from: from.id, to: to.id, ...diffTexts(from.content, to.content) };
  }

  branches(documentId: string) {
    return this.store.listBranches(documentId);
  }

  createBranch(documentId: string, name: string, fromCommit?: string) {
    return this.store.createBranch(documentId, name, fromCommit);
  }

  switchBranch(documentId: string, name: string) {
    return this.store.switchBranch(documentId, name);
  }

  deleteBranch(documentId: string, name: string) {
    return this.store.deleteBranch(documentId, name);
  }

  private async heads(documentId: string, from: string) {
    const branches = await this.store.listBranches(documentId);
    const current = await this.store.currentBranch(documentId);
    const other = branches.find((b) => b.name === from);
    if (!other) throw new SovereignError('not-found', format(_('Document "{id}" has no branch named "{name}".'), { id: documentId, name: from }));
    if (other.name === current.name) throw new SovereignError('invalid-input', _('A branch cannot be merged into itself.'));
    return { current, other };
  }

  async merge(documentId: string, from: string, options: CommitOptions = {}): Promise<MergeResult> {
    const { current, other } = await this.heads(documentId, from);
    const commits = await this.store.allCommits(documentId);
    const byId = new Map(commits.map((c) => [c.id, c]));
    if (ancestors(byId, current.head).has(other.head)) return { status: 'up-to-date', commit: byId.get(current.head)! };
    const baseId = mergeBase(commits, current.head, other.head);
    const ours = byId.get(current.head)!.content;
    const theirs = byId.get(other.head)!.content;
    const base = baseId === undefined ? '' : byId.get(baseId)!.content;
    const merged = mergeTexts(ours, base, theirs);
    if (merged.conflicts.length > 0) {
      return { status: 'conflicts', conflicts: merged.conflicts, text: renderMerge(merged), oursHead: current.head, theirsHead: other.head };
    }
    const commit = await this.store.commit({
      documentId,
      branch: current.name,
      content: renderMerge(merged),
      mergeParents: [other.head],
      author: options.author ?? 'user',
      message: options.message ?? format(_('Merged {from} into {into}'), { from, into: current.name }),
    });
    return { status: 'merged', commit };
  }

  async resolveMerge(
    documentId: string,
    from: string,
    attempt: { oursHead: string; theirsHead: string },
    resolutions: readonly string[],
    options: CommitOptions = {},
  ): Promise<Commit> {
    const { current, other } = await this.heads(documentId, from);
    if (current.head !== attempt.oursHead || other.head !== attempt.theirsHead) {
      throw new SovereignError('conflict', _('A branch changed since the merge was tried.'), { hint: _('Merge again to see the current conflicts.') });
    }
    const commits = await this.store.allCommits(documentId);
    const byId = new Map(commits.map((c) => [c.id, c]));
    const baseId = mergeBase(commits, current.head, other.head);
    const merged = mergeTexts(byId.get(current.head)!.content, baseId === undefined ? '' : byId.get(baseId)!.content, byId.get(other.head)!.content);
    if (resolutions.length !== merged.conflicts.length || resolutions.some((r) => typeof r !== 'string')) {
      throw new SovereignError(
        'invalid-input',
        format(_('The merge has {count} conflicts; give one resolution for each.'), { count: merged.conflicts.length }),
      );
    }
    return this.store.commit({
      documentId,
      branch: current.name,
      content: renderMerge(merged, resolutions),
      mergeParents: [other.head],
      author: options.author ?? 'user',
      message: options.message ?? format(_('Merged {from} into {into}'), { from, into: current.name }),
    });
  }

  async restore(documentId: string, commitId: string, options: CommitOptions = {}): Promise<Commit> {
    const commit = await this.store.getCommit(commitId);
    if (commit.documentId !== documentId) {
      throw new SovereignError('invalid-input', format(_('Commit "{commit}" belongs to another document.'), { commit: commitId }));
    }
    const branch = await this.store.currentBranch(documentId);
    return this.store.commit({
      documentId,
      branch: branch.name,
      content: commit.content,
      author: options.author ?? 'user',
      message: options.message ?? format(_('Restored the version of {date}'), { date: commit.createdAt.toISOString() }),
    });
  }
}
