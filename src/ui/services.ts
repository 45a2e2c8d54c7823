import type { ModelLibrary } from '../ai/manager/model-library.js';
import type { BackupInterval, BackupListing, CreatedBackup, ScheduleStatus } from '../backup/index.js';
import type { Orchestrator } from '../assistant/index.js';
import type { AnswerProfile, AnswerService } from '../assistant/answer/index.js';
import type { ExportRequest, ExportResult } from '../exporters/export-service.js';
import type { IndexingState } from '../retrieval/index.js';
import type { SearchFilters, SearchHit } from '../search/index.js';
import type { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import type { Document, DocumentMeta, Thread } from '../store/records.js';
import type { CanvasPort } from './canvas/canvas-port.js';
import type { Transcriber } from '../voice/transcriber.js';

/**
 * The assistant as the command bar uses it: the orchestrator the command
 * line and the D-Bus service use (one way in), routing synchronously over
 * the in-memory workspace (the fast path), then, for what that asks about,
 * asynchronously with the sentence encoder and an installed chat model
 * (routeWithMeaning, what `sovereign do` uses), and executing through the
 * domain services.
 */
export type UiAssistant = Pick<Orchestrator, 'route' | 'routeWithMeaning' | 'execute'>;

/** Answers from the documents as the chat panel uses them: the answer service the command line uses, and the profiles to choose from. */
export interface UiAnswers extends Pick<AnswerService, 'ask' | 'summarize' | 'regenerate' | 'listConversations' | 'turns'> {
  profiles(): AnswerProfile[];
}

/** The installed models and the chat-model download, as the window uses them (the process's ModelLibrary). */
export type UiModels = Pick<ModelLibrary, 'list' | 'offer' | 'download' | 'setRole' | 'remove' | 'onChange' | 'speechOffer' | 'downloadSpeech' | 'setSpeechModel'>;

/** Encrypted backups of this workspace, as Preferences › Backups uses them (src/backup, as the command line). */
export interface UiBackups {
  /** Where Back Up Now writes, and whose backups are listed. */
  folder: string;
  list(): Promise<BackupListing[]>;
  /** Writes a backup; `onProgress` gets the bytes written so far. */
  create(passphrase: string, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<CreatedBackup>;
  /** The backup schedule, as `sovereign backup schedule status` shows it. */
  schedule(): Promise<ScheduleStatus>;
  /** Turns the schedule on (the passphrase is needed only while `hasKey` is false) or off. */
  setSchedule(enabled: boolean, options: { every: BackupInterval; keep: number; passphrase?: string }): Promise<ScheduleStatus>;
}

/** Speech to text as the window's microphone button uses it: the speech model the command line's `sovereign listen` uses. */
export interface UiVoice {
  /**
   * Loads the speech model (the [ai.models] speech setting, else the one
   * installed); rejects with the SovereignError `sovereign listen` gives
   * when none is installed or the file is broken.
   */
  openTranscriber(): Promise<Transcriber>;
  /** The speech model file openTranscriber would load now (Preferences › Models can change it while listening); throws as openTranscriber does when there is none. */
  speechModel(): string;
}

/** One row of the search overlay: a search hit without its score. */
export type UiSearchHit = Omit<SearchHit, 'score'>;

export interface UiSearchFilters extends SearchFilters {
  /** true: only owned, false: only external. */
  owned?: boolean;
}

/** What the search overlay shows for a query: words and meaning fused, or words alone and why. */
export interface UiSearchAnswer {
  mode: 'bm25' | 'hybrid';
  /** Said under the results when they are not what was asked for (no encoder, the index still loading). */
  notice?: string;
  hits: UiSearchHit[];
}

/** A document the Related list proposes to link. */
export interface UiRelated {
  id: string;
  title: string;
  /** Similarity of the closest pair of passages, 0..1. */
  score: number;
}

/** Background indexing as the status area shows it; null while no semantic index runs. */
export type UiIndexingState = IndexingState;

export interface UiCommit {
  id: string;
  message: string;
  createdAt: Date;
  author: string;
}

export interface UiDiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A remembered piece of window state (camera, open panels), kept in the event log. */
export interface UiState {
  viewport?: { centerX: number; centerY: number; zoom: number };
  panels?: { id: string; x: number; y: number; width: number; height: number }[];
}

/**
 * Everything the window needs from the rest of Sovereign, passed in by the
 * launcher (src/cli/launch.ts), so the UI never opens the store itself and
 * can be shown by any way in (the command line or a D-Bus activation).
 */
export interface UiServices {
  /** Where the database lives, shown read-only in Preferences. */
  readonly databaseLocation: string;
  documentCount(): number;
  meta(id: string): DocumentMeta | undefined;
  threads(): readonly Thread[];
  content(id: string): Promise<Document>;
  /** Whether search answers yet (the index is opened after the first frame). */
  readonly searchReady: boolean;
  /** Opens the search index if it is not yet; resolves when search answers. */
  prepareSearch(): Promise<void>;
  search(query: string, filters: UiSearchFilters, limit: number): UiSearchHit[];
  /** Words (BM25) and meaning (passage vectors) fused; words alone, with a notice, while no encoder is available. */
  searchHybrid(query: string, filters: UiSearchFilters, limit: number, signal?: AbortSignal): Promise<UiSearchAnswer>;
  /** Opens the semantic index and starts keeping it up to date in the background (after the first frame). */
  startIndexing(): void;
  /** Called with the indexing state whenever it changes (null: no semantic index, e.g. no encoder). */
  onIndexingChanged(listener: (state: UiIndexingState | null) => void): () => void;
  pauseIndexing(paused: boolean): void;
  /** Documents close in meaning to this one and not linked to it yet; null when no encoder is available. */
  related(id: string): Promise<UiRelated[] | null>;
  /** Links the two documents as `related` (the relationship `sovereign link add` creates). */
  acceptRelated(id: string, relatedId: string, score: number): Promise<void>;
  history(id: string): Promise<UiCommit[]>;
  /** Editing documents (the markdown editor skill's domain service). */
  editing(): Promise<DocumentEditing>;
  diff(fromCommit: string, toCommit: string): Promise<UiDiffPart[]>;
  /** Called with no argument when the set of documents changed. */
  onDocumentsChanged(listener: () => void): () => void;
  createNote(): Promise<string>;
  readonly canCreateSampleWorkspace: boolean;
  createSampleWorkspace(): Promise<void>;
  readonly canImport: boolean;
  /** Imports files and folders (recursively) through the import service. */
  importFiles(paths: readonly string[], options?: UiImportOptions): Promise<UiImportSummary>;
  /**
   * A path the desktop can open a document's original at (attachments/…;
   * in a vault a decrypted copy in the private runtime folder, named
   * `name`), or null when originals cannot be shown.
   */
  originalFile(mediaRef: string, name: string): Promise<string> | null;
  /** Whether documents with an original get a Show Original button. */
  readonly canShowOriginals: boolean;
  readonly canExport: boolean;
  /** Starts the PDF typesetter while the export dialog is open (it takes a second to start). */
  warmExport(): void;
  /** Exports through the ExportService (the one the command line uses). */
  exportDocuments(request: ExportRequest): Promise<ExportResult>;
  /** The local models (undefined: this window manages none), opened on first use. */
  models(): Promise<UiModels | undefined>;
  /** The workspace's backups; undefined where this window cannot make them (no data folder). */
  backups(): Promise<UiBackups | undefined>;
  /** The assistant, loaded on first use (the router is not needed for the first frame). */
  assistant(): Promise<UiAssistant>;
  /** The answer service, loaded on first use; absent where nothing can answer (the chat panel says so). */
  answers?(): Promise<UiAnswers>;
  /** Speech to text for the microphone button; absent where this window cannot listen. */
  voice?(): Promise<UiVoice>;
  /** The canvas controller over this workspace; onDataChanged is called after it took in new data. */
  createCanvas(onDataChanged: () => void): Promise<CanvasPort>;
  loadUiState(): Promise<UiState | null>;
  saveUiState(state: UiState): Promise<void>;
  /** Called with the skill's name when a skill crashed or hung and was disabled (absent: no skills run). */
  onSkillFailed?(listener: (skill: { name: string }) => void): () => void;
}

export interface UiImportProgress {
  done: number;
  total: number;
  rate: number;
  secondsLeft: number | null;
}

export interface UiImportOptions {
  onProgress?: (progress: UiImportProgress) => void;
  signal?: AbortSignal;
  /** Put the new documents in this thread (a drop on a thread row). */
  threadId?: string;
}

/** What an import did, for the toast. */
export interface UiImportSummary {
  /** New or updated documents, in the order of the files. */
  documentIds: string[];
  created: number;
  updated: number;
  unchanged: number;
  failures: { file: string; reason: string }[];
  cancelled: boolean;
}
