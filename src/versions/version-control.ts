import type { Author, Branch, Commit, DocumentMeta } from '../store/index.js';

/** A change between two texts, as runs of kept, added and removed text. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface CommitDiff {
  from: string;
  to: string;
  /** Line-level parts (each part's text is whole lines). */
  lines: DiffPart[];
  /** Word-level parts over the whole text. */
  words: DiffPart[];
  /** Lines added and removed. */
  added: number;
  removed: number;
}

/** One region both sides changed differently: the caller picks or edits a resolution. */
export interface MergeConflict {
  index: number;
  base: string;
  ours: string;
  theirs: string;
}

export type MergeResult =
  | { status: 'merged'; commit: Commit }
  /** Nothing to do: the other branch's changes are already in ours. */
  | { status: 'up-to-date'; commit: Commit }
  | {
      status: 'conflicts';
      conflicts: MergeConflict[];
      /** The merged text with conflict markers (<<<<<<< ours / ======= / >>>>>>> theirs). */
      text: string;
      /** Pass these back to `resolveMerge` with a resolution per conflict. */
      oursHead: string;
      theirsHead: string;
    };

export interface CommitOptions {
  author?: Author;
  message?: string;
}

/**
 * The history rules of Sovereign documents: every save a commit, named
 * branches, diffs at line and word level, three-way merges (by paragraph,
 * then by word inside changed paragraphs) and restores. Nothing is ever
 * lost: a restore or a merge is a new commit.
 */
export interface VersionControl {
  /** Saves new content on the current branch. Unchanged content makes no commit (returns the head). */
  save(documentId: string, content: string, options?: CommitOptions): Promise<Commit>;
  history(documentId: string, options?: { branch?: string; limit?: number }): Promise<Commit[]>;
  diff(fromCommit: string, toCommit: string): Promise<CommitDiff>;
  branches(documentId: string): Promise<Branch[]>;
  createBranch(documentId: string, name: string, fromCommit?: string): Promise<Branch>;
  switchBranch(documentId: string, name: string): Promise<DocumentMeta>;
  deleteBranch(documentId: string, name: string): Promise<void>;
  /** Merges branch `from` into the current branch. */
  merge(documentId: string, from: string, options?: CommitOptions): Promise<MergeResult>;
  /**
   * Finishes a merge that had conflicts: resolutions[i] replaces conflict i.
   * Fails with 'conflict' when either branch moved since the merge was tried.
   */
  resolveMerge(
    documentId: string,
    from: string,
    attempt: { oursHead: string; theirsHead: string },
    resolutions: readonly string[],
    options?: CommitOptions,
  ): Promise<Commit>;
  /** Makes an old commit's content current again, as a new commit on the current branch. */
  restore(documentId: string, commitId: string, options?: CommitOptions): Promise<Commit>;
}
