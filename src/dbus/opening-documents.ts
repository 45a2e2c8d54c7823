import { createLogger } from '../core/index.js';
import type { EarlyDocuments } from './indexed-documents.js';
import type { DocumentEvent, DocumentHit, DocumentService, DocumentSummary, ImportedDocument, SearchSource, TestMutations } from './ports.js';

const log = createLogger('dbus.documents');

/**
 * How long a search waits for a workspace that is still opening before it
 * answers with nothing. Opening from the saved index takes a few hundred ms
 * (well under a second even on a loaded 2-core machine), so a cold
 * activation still answers with results; building it for a store never
 * opened before takes many seconds (25 s for 50K documents on a loaded
 * machine), longer than the bus lets a caller wait. The Shell shows each
 * provider's rows as they come, so a few seconds cost only this provider.
 */
export const SEARCH_PATIENCE_MS = 3000;

type Documents = DocumentService & TestMutations;

/**
 * The documents of a workspace that may still be opening. The service owns
 * its bus name before the workspace is open (D-Bus gives an activated
 * service 25 s to do so). Opening has two steps: the search index opens as
 * soon as the store is (`early`), the workspace model after it. The Shell's
 * searches (`fromIndex`), result metadata and excerpts are answered from the
 * index as soon as it is open, from the model once it is loaded; other
 * searches wait for the model (so a damaged database fails them with its
 * own error). Before either, searches answer with nothing after
 * SEARCH_PATIENCE_MS and metadata lookups find nothing. Imports, thread
 * lists and change signals wait for the model. A workspace that fails to
 * open fails every later call with its own error, the Shell's too.
 */
export class OpeningDocuments implements DocumentService, TestMutations {
  private opened: Documents | undefined;
  private indexed: EarlyDocuments | undefined;
  private failed = false;

  private readonly early: Promise<EarlyDocuments> | undefined;
  private readonly patienceMs: number;

  constructor(
    private readonly opening: Promise<Documents>,
    options: { early?: Promise<EarlyDocuments>; patienceMs?: number } = {},
  ) {
    this.early = options.early;
    this.patienceMs = options.patienceMs ?? SEARCH_PATIENCE_MS;
    opening.then(
      (documents) => (this.opened = documents),
      () => (this.failed = true), // reported by whoever opened it; each call here rethrows it
    );
    this.early?.then(
      (documents) => (this.indexed = documents),
      () => undefined, // the model-backed documents report it, or answer without the index
    );
  }

  /** Whether the workspace is open (searches answer from its model). */
  get ready(): boolean {
    return this.opened !== undefined;
  }

  async search(query: string, limit: number, source: SearchSource = {}): Promise<DocumentHit[]> {
    if (this.failed) await this.opening;
    const answering = source.fromIndex ? this.answering() : this.opened;
    if (answering) return answering.search(query, limit);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DocumentHit[]>((resolve) => {
      timer = setTimeout(() => {
        log.info('the workspace is still opening; answering the search with no results', { patienceMs: this.patienceMs });
        resolve([]);
      }, this.patienceMs);
    });
    try {
      const ready = source.fromIndex ? this.first().then(() => this.answering() ?? this.opening) : this.opening;
      return await Promise.race([ready.then((documents) => documents.search(query, limit)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(ids: readonly string[]): DocumentSummary[] {
    return this.answering()?.describe(ids) ?? [];
  }

  async excerpt(id: string): Promise<string> {
    return (await this.answering()?.excerpt(id)) ?? '';
  }

  async importFile(path: string): Promise<ImportedDocument> {
    return (await this.opening).importFile(path);
  }

  async listThreads() {
    return (await this.opening).listThreads();
  }

  /** Test writes go to the store as soon as it is open, so a test can change a document while the model loads. */
  async renameDocument(id: string, title: string): Promise<void> {
    await this.first();
    await (this.opened ?? this.indexed)!.renameDocument(id, title);
  }

  async deleteDocument(id: string): Promise<void> {
    await this.first();
    await (this.opened ?? this.indexed)!.deleteDocument(id);
  }

  /** Events start when the model is loaded (it applies every change made while it loaded). */
  onDocumentEvent(listener: (event: DocumentEvent) => void): () => void {
    let unsubscribe: (() => void) | undefined;
    let stopped = false;
    this.opening.then(
      (documents) => {
        if (!stopped) unsubscribe = documents.onDocumentEvent(listener);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }

  /** The model once loaded; before that the index, when it is open. */
  private answering(): EarlyDocuments | undefined {
    if (this.opened || this.failed) return this.opened;
    if (this.indexed) log.debug('answering from the search index; the workspace model is still loading');
    return this.indexed;
  }

  /** Resolves when either the index or the model can answer; rejects only when the model failed and the index did not open first. */
  private async first(): Promise<void> {
    const early = this.early?.then(
      () => undefined,
      () => this.opening, // without the index, wait for the model
    );
    await Promise.race(early ? [this.opening, early] : [this.opening]);
  }
}
