import type { SearchFilters, SearchHit } from '../search/index.js';
import type { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import type { Document, DocumentMeta, Thread } from '../store/records.js';
import type { CanvasPort } from './canvas/canvas-port.js';

/** One row of the search overlay: a search hit without its score. */
export type UiSearchHit = Omit<SearchHit, 'score'>;

export interface UiSearchFilters extends SearchFilters {
  /** true: only owned, false: only external. */
  owned?: boolean;
}

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
  /** Imports files, returning the new document ids. */
  importFiles(paths: readonly string[]): Promise<string[]>;
  /** The canvas engine over this workspace; onDataChanged is called after it took in new data. */
  createCanvas(onDataChanged: () => void): Promise<CanvasPort>;
  loadUiState(): Promise<UiState | null>;
  saveUiState(state: UiState): Promise<void>;
}
