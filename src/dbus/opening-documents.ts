import { createLogger } from '../core/index.js';
import type { DocumentEvent, DocumentHit, DocumentService, DocumentSummary, ImportedDocument, TestMutations } from './ports.js';

const log = createLogger('dbus.documents');

/**
 * How long a search waits for a workspace that is still opening before it
 * answers with nothing. Opening from the saved model and index takes a few
 * hundred ms (well under a second even on a loaded 2-core machine), so a
 * cold activation still answers with results; building them for a store
 * never opened before takes many seconds (25 s for 50K documents on a loaded
 * machine), longer than the bus lets a caller wait. The Shell shows each
 * provider's rows as they come, so a few seconds cost only this provider.
 */
export const SEARCH_PATIENCE_MS = 3000;

/**
 * The documents of a workspace that may still be opening. The service owns
 * its bus name before the workspace is open (D-Bus gives an activated
 * service 25 s to do so), so until it is ready searches answer with nothing
 * after SEARCH_PATIENCE_MS and metadata lookups find nothing; imports,
 * thread lists and writes wait for it. A workspace that fails to open fails
 * every later call with its own error.
 */
export class OpeningDocuments implements DocumentService, TestMutations {
  private opened: (DocumentService & TestMutations) | undefined;

  constructor(
    private readonly opening: Promise<DocumentService & TestMutations>,
    private readonly patienceMs = SEARCH_PATIENCE_MS,
  ) {
    opening.then(
      (documents) => (this.opened = documents),
      () => undefined, // reported by whoever opened it; each call here rethrows it
    );
  }

  /** Whether the workspace is open (searches answer from it). */
  get ready(): boolean {
    return this.opened !== undefined;
  }

  async search(query: string, limit: number): Promise<DocumentHit[]> {
    if (this.opened) return this.opened.search(query, limit);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DocumentHit[]>((resolve) => {
      timer = setTimeout(() => {
        log.info('the workspace is still opening; answering the search with no results', { patienceMs: this.patienceMs });
        resolve([]);
      }, this.patienceMs);
    });
    try {
      return await Promise.race([this.opening.then((documents) => documents.search(query, limit)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(ids: readonly string[]): DocumentSummary[] {
    return this.opened ? this.opened.describe(ids) : [];
  }

  async excerpt(id: string): Promise<string> {
    return this.opened ? this.opened.excerpt(id) : '';
  }

  async importFile(path: string): Promise<ImportedDocument> {
    return (await this.opening).importFile(path);
  }

  async listThreads() {
    return (await this.opening).listThreads();
  }

  async renameDocument(id: string, title: string): Promise<void> {
    await (await this.opening).renameDocument(id, title);
  }

  async deleteDocument(id: string): Promise<void> {
    await (await this.opening).deleteDocument(id);
  }

  /** Events start when the workspace is open: nothing changes before (writes wait for it too). */
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
}
