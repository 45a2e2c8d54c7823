import { vaultLocked } from '../vault/vault-locked.js';
import type { DocumentEvent, DocumentHit, DocumentService, DocumentSummary, ImportedDocument, SearchSource, TestMutations } from './ports.js';

/** What the service asks of the vault: whether it is locked, and when that changes. */
export interface VaultLockState {
  isLocked(): boolean;
  onChange(listener: () => void): () => void;
}

type Documents = DocumentService & TestMutations;

/**
 * The service's documents over a vault that locks and unlocks while the
 * process runs: while locked every request fails at once with the named
 * "Sovereign is locked" error (nothing waits, nothing reads the store);
 * unlocked, requests go to the documents of the session opened for that
 * unlock, and change signals follow each new session.
 */
export class LockedDocuments implements DocumentService, TestMutations {
  private current: Promise<Documents> | undefined;
  private readonly listeners = new Set<(event: DocumentEvent) => void>();
  private detach: (() => void) | undefined;
  private attached: Documents | undefined;

  constructor(
    private readonly vault: VaultLockState,
    /** The documents of the open session (opened on first use after each unlock). */
    private readonly open: () => Promise<Documents>,
  ) {
    vault.onChange(() => {
      this.current = undefined;
      this.detach?.();
      this.detach = undefined;
      this.attached = undefined;
      if (!vault.isLocked() && this.listeners.size > 0) void this.documents().catch(() => undefined);
    });
  }

  /** Opens the documents now when unlocked (a plain workspace, or the service's first search). */
  async ready(): Promise<void> {
    if (!this.vault.isLocked()) await this.documents();
  }

  async search(query: string, limit: number, source: SearchSource = {}): Promise<DocumentHit[]> {
    return (await this.documents()).search(query, limit, source);
  }

  describe(ids: readonly string[]): DocumentSummary[] {
    if (this.vault.isLocked()) throw vaultLocked();
    // Metadata comes from the in-memory model; before it is open nothing is known yet.
    return this.attached?.describe(ids) ?? [];
  }

  async excerpt(id: string): Promise<string> {
    return (await this.documents()).excerpt(id);
  }

  async importFile(path: string): Promise<ImportedDocument> {
    return (await this.documents()).importFile(path);
  }

  async listThreads() {
    return (await this.documents()).listThreads();
  }

  async renameDocument(id: string, title: string): Promise<void> {
    return (await this.documents()).renameDocument(id, title);
  }

  async deleteDocument(id: string): Promise<void> {
    return (await this.documents()).deleteDocument(id);
  }

  onDocumentEvent(listener: (event: DocumentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private documents(): Promise<Documents> {
    if (this.vault.isLocked()) return Promise.reject(vaultLocked());
    if (!this.current) {
      const opening = this.open().then((documents) => {
        // A lock that came while this opened has already dropped it.
        if (this.current === opening) {
          this.attached = documents;
          this.detach = documents.onDocumentEvent((event) => {
            for (const listener of this.listeners) listener(event);
          });
        }
        return documents;
      });
      this.current = opening;
      opening.catch(() => {
        if (this.current === opening) this.current = undefined;
      });
    }
    return this.current;
  }
}
