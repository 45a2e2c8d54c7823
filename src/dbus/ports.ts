import type { AssistantContext, RunResult, UserIntent } from '../assistant/index.js';
import type { Answer } from '../assistant/answer/index.js';
import type { DocType, Thread } from '../store/records.js';

/**
 * What the D-Bus service needs from the rest of Sovereign, passed in by the
 * composition root (src/cli) so this adapter loads neither GTK nor a
 * particular store.
 */

/**
 * Opens windows. The UI implements it; the service calls it only when a
 * request needs a window, so GTK is loaded on first use and never on the
 * search-provider path.
 */
export interface WindowOpener {
  /** Shows the main window (creating it if needed). */
  activate(): Promise<void>;
  /**
   * Shows a document in the window; with assistant, the command bar opens over it; with
   * summarize, the chat panel summarises it instead ("Ask Sovereign about this file").
   */
  openDocument(id: string, options: { assistant: boolean; summarize?: boolean }): Promise<void>;
  /** Shows the window with the search overlay filled with text. */
  showSearch(text: string): Promise<void>;
  /** Creates a note and opens it for writing. */
  newNote(): Promise<void>;
  /** Lets the person pick files to import. */
  chooseFilesToImport(): Promise<void>;
  /** Opens an exported file or folder in its default app (an export notification's Open button). */
  openExported(file: string): Promise<void>;
  /** While a window is open the service does not exit when idle. */
  hasOpenWindow(): boolean;
}

export interface DocumentHit {
  id: string;
  title: string;
  /** Text around the match, plain (no markup). */
  snippet: string;
  docType: DocType;
  score: number;
}

export interface DocumentSummary {
  id: string;
  title: string;
  docType: DocType;
}

export type DocumentEvent =
  | { kind: 'added' | 'changed'; id: string; title: string }
  | { kind: 'removed'; id: string };

export interface ImportedDocument {
  id: string;
  title: string;
}

export interface SearchSource {
  /**
   * The answer may come from the search index alone while the workspace
   * model is still loading: the Shell's questions, which must not wait.
   * Without it a search waits for the whole workspace, so a caller that can
   * act on an error (the command line, scripts) gets the workspace's own
   * (a damaged database), not the index's answer.
   */
  fromIndex?: boolean;
}

/** The documents, as the service answers about them. */
export interface DocumentService {
  /** Full-text search over title and content, best first. */
  search(query: string, limit: number, options?: SearchSource): Promise<DocumentHit[]>;
  /** Metadata for the ids that exist, in the order given; unknown ids are left out. */
  describe(ids: readonly string[]): DocumentSummary[];
  /** A short plain-text excerpt of a document's beginning, for results without a match snippet. */
  excerpt(id: string): Promise<string>;
  /** Imports one file (an absolute path already checked for syntax) through the import service. */
  importFile(path: string): Promise<ImportedDocument>;
  listThreads(): Promise<Thread[]>;
  /** Subscribes to document changes in this process; returns the unsubscribe function. */
  onDocumentEvent(listener: (event: DocumentEvent) => void): () => void;
}

/** Writes only tests may make through the TestHooks interface, to see the change signals. */
export interface TestMutations {
  renameDocument(id: string, title: string): Promise<void>;
  deleteDocument(id: string): Promise<void>;
}

/** What RouteCommandWith and RunCommandWith add to a command: the context, and a confirmation. */
export interface CommandOptions {
  context?: AssistantContext;
  /** A destructive action is done only on this document (the caller asked its person about it). */
  confirmedDocument?: string;
}

/** The assistant, for RouteCommand and RunCommand: the same orchestrator the CLI and the window use. */
export interface CommandAssistant {
  route(text: string, options?: CommandOptions): Promise<UserIntent>;
  /** Destructive actions come back as 'needs-confirmation', not done, unless options confirm that document. */
  run(text: string, options?: CommandOptions): Promise<RunResult>;
}

/** Answers questions from the documents, for Ask: the same answer service `sovereign ask` and the window's chat panel use. */
export interface QuestionAnswerer {
  ask(question: string, options: { profile?: string; conversationId?: string; onText?: (chunk: string) => void }): Promise<Answer>;
}

/** A backup the running instance made, as the command line prints it. */
export interface BackupMade {
  file: string;
  bytes: number;
  documents: number;
  attachments: number;
  /** Older backups removed afterwards (keep the last N). */
  pruned: string[];
}

/**
 * Backups made by the running instance, which owns the database: a
 * `sovereign backup create` or the backup timer hands its request here
 * instead of being refused. The same createBackup and runScheduledBackup
 * as the command line and the window.
 */
export interface BackupService {
  create(request: { toDir: string; passphrase: string; keep?: number }, onProgress: (bytes: number) => void): Promise<BackupMade>;
  runScheduled(onProgress: (bytes: number) => void): Promise<BackupMade>;
}

/** The vault of the running process, for Unlock, Lock and VaultStatus (and the window's unlock dialog). */
export interface VaultControl {
  /** 'plain', 'locked' or 'unlocked'. */
  status(): string;
  /** A wrong passphrase fails with the same fixed message as the CLI's. */
  unlock(passphrase: string): Promise<void>;
  /** Saves open drafts, drops the workspace from memory, then the key. */
  lock(): Promise<void>;
  isLocked(): boolean;
  onChange(listener: () => void): () => void;
}
