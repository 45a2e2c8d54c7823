import { SovereignError, _ } from '../core/index.js';
import type { ImportService } from '../importers/index.js';
import type { SearchIndex } from '../search/index.js';
import type { StoreChange } from '../store/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import { EXCERPT_CHARS, searchIndex } from './indexed-documents.js';
import type { DocumentEvent, DocumentHit, DocumentService, DocumentSummary, ImportedDocument, TestMutations } from './ports.js';

/**
 * The service's view of the workspace: metadata from the in-process model
 * (microseconds), ranking from the in-process search index, content from the
 * store only when an excerpt is needed.
 */
export class WorkspaceDocuments implements DocumentService, TestMutations {
  constructor(
    private readonly workspace: WorkspaceModel,
    /** Opens the index on first use (once); the window may be opening it already. */
    private readonly index: () => Promise<SearchIndex>,
    private readonly imports: ImportService,
  ) {}

  async search(query: string, limit: number): Promise<DocumentHit[]> {
    return searchIndex(await this.index(), query, limit);
  }

  describe(ids: readonly string[]): DocumentSummary[] {
    const found: DocumentSummary[] = [];
    for (const id of ids) {
      const meta = this.workspace.get(id);
      if (meta) found.push({ id: meta.id, title: meta.title, docType: meta.docType });
    }
    return found;
  }

  async excerpt(id: string): Promise<string> {
    if (!this.workspace.has(id)) return '';
    const document = await this.workspace.content(id);
    return document.content.slice(0, EXCERPT_CHARS);
  }

  async importFile(path: string): Promise<ImportedDocument> {
    const summary = await this.imports.importPaths([path]);
    const outcome = summary.outcomes[0];
    if (!outcome || outcome.status === 'failed') throw outcome?.error ?? new SovereignError('internal', _('The import reported nothing.'));
    const id = outcome.documentIds[0];
    if (id === undefined) throw new SovereignError('invalid-input', _('The file holds no document to import.'));
    // The search provider answers from the index: make the new document findable before replying.
    await (await this.index()).whenIdle();
    const meta = this.workspace.get(id) ?? (await this.workspace.store.getDocumentMeta(id));
    return { id, title: meta.title };
  }

  async listThreads() {
    return [...this.workspace.threads()];
  }

  async renameDocument(id: string, title: string): Promise<void> {
    await this.workspace.store.updateDocument(id, { title });
  }

  async deleteDocument(id: string): Promise<void> {
    await this.workspace.store.deleteDocument(id);
  }

  onDocumentEvent(listener: (event: DocumentEvent) => void): () => void {
    return this.workspace.onChange((change: StoreChange) => {
      if (change.kind === 'document.created') listener({ kind: 'added', id: change.document.id, title: change.document.title });
      else if (change.kind === 'document.updated') listener({ kind: 'changed', id: change.document.id, title: change.document.title });
      else if (change.kind === 'document.deleted') listener({ kind: 'removed', id: change.id });
    });
  }
}
