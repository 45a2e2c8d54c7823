import { performance } from 'node:perf_hooks';
import { SovereignError, _, createLogger } from '../core/index.js';
import type { ExportService } from '../exporters/export-service.js';
import { createCanvasController } from '../canvas/canvas-controller.js';
import type { CanvasData } from '../canvas/canvas-data.js';
import type { SearchIndex } from '../search/index.js';
import type { BackgroundIndexing, RelatedDocuments, RetrievalSources, SemanticIndex } from '../retrieval/index.js';
import { searchDocuments } from '../retrieval/hybrid-search.js';
import type { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import type { GraphStore } from '../store/index.js';
import type { VersionControl } from '../versions/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import type { CardThumbnails } from '../skills/core/image-viewer/index.js';
import { CardThumbnailFeed } from './canvas/card-thumbnail-feed.js';
import { CanvasUpdatePacing } from './canvas/canvas-update-pacing.js';
import type { CanvasPort } from './canvas/canvas-port.js';
import type { UiAnswers, UiAssistant, UiBackups, UiImportOptions, UiImportSummary, UiIndexingState, UiModels, UiSearchAnswer, UiSearchFilters, UiSearchHit, UiServices, UiState, UiVoice } from './services.js';

const log = createLogger('ui.workspace');

/** The event-log type under which the window's state (camera, open panels) is remembered. */
export const UI_STATE_EVENT = 'ui.state';

/** Meaning-based retrieval over the workspace (src/cli/workspace-retrieval.ts opens it). */
export interface UiRetrieval {
  semantic: SemanticIndex;
  indexing: BackgroundIndexing;
  related: RelatedDocuments;
}

export interface WorkspaceServicesOptions {
  store: GraphStore;
  model: WorkspaceModel;
  /** Opens the search index (once); called after the first canvas frame or when search is first used. */
  search: () => Promise<SearchIndex>;
  versions: VersionControl;
  editing: DocumentEditing;
  /** Fills an empty workspace with the sample threads and notes (src/workspace). */
  createSampleWorkspace?: (store: GraphStore) => Promise<unknown>;
  /** The export service (src/exporters), shared with the command line. */
  exports?: ExportService;
  /** Imports files through the import service (src/importers). */
  importFiles?: (paths: readonly string[], options?: UiImportOptions) => Promise<UiImportSummary>;
  /** A path the desktop can open an attachment at (decrypted into the runtime folder in a vault). */
  originalFile?: (mediaRef: string, name: string) => Promise<string>;
  /** Makes the thumbnails of image documents' canvas cards (the image viewer skill's CardThumbnails). */
  thumbnails?: CardThumbnails;
  /** The session's orchestrator, shared with the D-Bus service (src/cli/command-assistant.ts). */
  assistant?: () => Promise<UiAssistant>;
  /** The session's answer service (src/cli/session-answers.ts), shared with the D-Bus service. */
  answers?: () => Promise<UiAnswers>;
  /** Encrypted backups of the workspace (src/backup). */
  backups?: UiBackups;
  /** The process's local models (src/cli/session-models.ts), shared with whatever else generates. */
  models?: () => Promise<UiModels>;
  /** Opens the semantic index (once) and indexes in the background; undefined when no encoder can start. */
  retrieval?: () => Promise<UiRetrieval | undefined>;
  /** Speech to text for the microphone button (src/voice, as `sovereign listen`). */
  voice?: () => Promise<UiVoice>;
  /** Subscribes to skills that failed and were disabled (the skill registry). */
  onSkillFailed?: (listener: (skill: { name: string }) => void) => () => void;
}

/**
 * The UiServices over the real workspace: the in-memory model for reads,
 * the search index for the overlay, version control for history, the store
 * for writes (positions, notes, window state in the event log) and the
 * canvas controller fed from the model.
 */
export function workspaceServices(options: WorkspaceServicesOptions): UiServices {
  const { store, model, versions, editing } = options;
  let index: SearchIndex | undefined;
  let preparing: Promise<void> | undefined;
  let retrieval: Promise<UiRetrieval | undefined> | undefined;
  let retrievalOpen: UiRetrieval | undefined | null = null;
  const indexingListeners = new Set<(state: UiIndexingState | null) => void>();
  const openRetrieval = () =>
    (retrieval ??= (options.retrieval?.() ?? Promise.resolve(undefined)).then(
      (opened) => {
        retrievalOpen = opened;
        for (const listener of indexingListeners) {
          listener(opened?.indexing.state ?? null);
          if (opened) opened.indexing.onChange(listener);
        }
        return opened;
      },
      (error: unknown) => {
        log.warn('the semantic index could not open', { error });
        retrievalOpen = undefined;
        return undefined;
      },
    ));
  return {
    get searchReady() {
      return index !== undefined;
    },
    prepareSearch: () =>
      (preparing ??= options.search().then((opened) => {
        index = opened;
      })),
    databaseLocation: store.location,
    documentCount: () => model.size,
    meta: (id) => model.get(id),
    threads: () => model.threads(),
    content: (id) => model.content(id),
    search: (query, filters, limit) => (index ? searchHits(index, model, query, filters, limit) : []),
    searchHybrid: async (query, filters, limit, signal) => {
      await (preparing ??= options.search().then((opened) => {
        index = opened;
      }));
      // Never waits for the encoder to load: until it is open, words alone answer (and say so).
      const loading = retrievalOpen === null && retrieval !== undefined;
      const answer = await hybridHits({ bm25: index!, store, ...(retrievalOpen ? { semantic: retrievalOpen.semantic } : {}) }, model, query, filters, limit, signal);
      return loading && answer.mode === 'bm25' ? { ...answer, notice: _('The meaning index is still loading: searching by words only') } : answer;
    },
    startIndexing: () => void openRetrieval(),
    onIndexingChanged: (listener) => {
      indexingListeners.add(listener);
      const off = retrievalOpen ? retrievalOpen.indexing.onChange(listener) : undefined;
      return () => {
        indexingListeners.delete(listener);
        off?.();
      };
    },
    pauseIndexing: (paused) => {
      if (!retrievalOpen) return;
      if (paused) retrievalOpen.indexing.pause();
      else retrievalOpen.indexing.resume();
    },
    related: async (id) => {
      const opened = await openRetrieval();
      if (!opened) return null;
      return (await opened.related.find(id)).map((r) => ({ id: r.id, title: r.title, score: r.score }));
    },
    acceptRelated: async (id, relatedId, score) => {
      const opened = await openRetrieval();
      if (!opened) throw new SovereignError('unsupported', _('Related notes need the sentence encoder, which could not start.'));
      await opened.related.accept(id, relatedId, score);
    },
    editing: async () => editing,
    history: async (id) =>
      (await editing.history(id, 100)).map((commit) => ({
        id: commit.id,
        message: commit.message,
        createdAt: commit.createdAt,
        author: commit.author === 'assistant' ? _('Assistant') : _('You'),
      })),
    // Word level: a changed word shows as that word, not as its whole paragraph removed and added.
    diff: async (from, to) => (await versions.diff(from, to)).words,
    onDocumentsChanged: (listener) =>
      model.onChange((change) => {
        if (change.kind.startsWith('document.')) listener();
      }),
    createNote: async () => {
      const document = await store.createDocument(
        { title: _('Untitled Note'), docType: 'markdown', content: '', isOwned: true },
        { author: 'user', message: _('Created') },
      );
      return document.id;
    },
    canCreateSampleWorkspace: options.createSampleWorkspace !== undefined,
    createSampleWorkspace: async () => {
      if (options.createSampleWorkspace) await options.createSampleWorkspace(store);
    },
    canImport: options.importFiles !== undefined,
    importFiles: async (paths, importOptions) =>
      options.importFiles ? options.importFiles(paths, importOptions) : { documentIds: [], created: 0, updated: 0, unchanged: 0, failures: [], cancelled: false },
    canShowOriginals: options.originalFile !== undefined,
    originalFile: (mediaRef, name) => options.originalFile?.(mediaRef, name) ?? null,
    canExport: options.exports !== undefined,
    warmExport: () => options.exports?.warmPdf(),
    exportDocuments: async (request) => {
      if (!options.exports) throw new SovereignError('unsupported', _('exporting is not available in this window'));
      return options.exports.export(request);
    },
    models: async () => options.models?.(),
    backups: async () => options.backups,
    assistant: async () => {
      if (!options.assistant) throw new SovereignError('unsupported', _('the assistant is not available in this window'));
      return options.assistant();
    },
    ...(options.answers ? { answers: options.answers } : {}),
    ...(options.voice ? { voice: options.voice } : {}),
    createCanvas: (onDataChanged) => createWorkspaceCanvas(store, model, onDataChanged, options.thumbnails),
    loadUiState: async () => {
      const event = await store.latestEvent(UI_STATE_EVENT);
      return event ? (event.payload as UiState) : null;
    },
    saveUiState: async (state) => {
      await store.appendEvent(UI_STATE_EVENT, state as Record<string, unknown>);
    },
    onSkillFailed: (listener) => options.onSkillFailed?.(listener) ?? (() => undefined),
  };
}

function searchHits(search: SearchIndex, model: WorkspaceModel, query: string, filters: UiSearchFilters, limit: number): UiSearchHit[] {
  const { owned, ...storeFilters } = filters;
  // Sovereignty is not a search-index field: ask for more and keep the wanted side.
  const hits = search.search(query, { limit: owned === undefined ? limit : Math.min(200, limit * 4), filters: storeFilters });
  const kept = owned === undefined ? hits : hits.filter((hit) => model.get(hit.id)?.isOwned === owned);
  return kept.slice(0, limit);
}

async function hybridHits(
  sources: RetrievalSources,
  model: WorkspaceModel,
  query: string,
  filters: UiSearchFilters,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<UiSearchAnswer> {
  const { owned, ...storeFilters } = filters;
  // As searchHits: sovereignty is not an index field, so ask for more and keep the wanted side.
  const result = await searchDocuments(sources, query, { mode: 'hybrid', limit: owned === undefined ? limit : Math.min(200, limit * 4), filters: storeFilters, ...(signal ? { signal } : {}) });
  const hits = result.hits.flatMap((hit): UiSearchHit[] => {
    const meta = model.get(hit.id);
    if (!meta || (owned !== undefined && meta.isOwned !== owned)) return [];
    return [{ id: hit.id, title: hit.title, snippet: hit.snippet, docType: meta.docType, threadId: meta.threadId, modifiedAt: meta.modifiedAt }];
  });
  return { mode: result.mode === 'hybrid' ? 'hybrid' : 'bm25', ...(result.notice ? { notice: result.notice } : {}), hits: hits.slice(0, limit) };
}

function canvasData(model: WorkspaceModel): CanvasData {
  return { documents: [...model.documents()], threads: model.threads(), milestones: model.milestones(), relationships: [...model.relationships()] };
}

async function createWorkspaceCanvas(store: GraphStore, model: WorkspaceModel, onDataChanged: () => void, thumbnails: CardThumbnails | undefined): Promise<CanvasPort> {
  const begun = performance.now();
  const canvas = await createCanvasController();
  log.debug('start: canvas controller created', { ms: Math.round(performance.now() - begun), sinceStartMs: Math.round(performance.now()) });
  const feed = thumbnails ? new CardThumbnailFeed(canvas, thumbnails, onDataChanged) : undefined;
  const setData = (data: CanvasData) => {
    canvas.setData(data);
    feed?.update(data.documents);
  };
  setData(canvasData(model));
  log.debug('start: canvas data set', { documents: model.size, sinceStartMs: Math.round(performance.now()) });
  let disposed = false;
  const pacing = new CanvasUpdatePacing(() => {
    if (disposed) return;
    setData(canvasData(model));
    onDataChanged();
  });
  const offChange = model.onChange(() => pacing.changed());
  const offMoved = canvas.events.on('cardMoved', ({ documentId, position }) => {
    store.updateDocument(documentId, { position }).catch((error: unknown) => log.error('could not save the card position', { documentId, error }));
  });
  const dispose = canvas.dispose.bind(canvas);
  canvas.dispose = () => {
    disposed = true;
    pacing.dispose();
    offChange();
    offMoved();
    feed?.dispose();
    dispose();
  };
  return canvas;
}
