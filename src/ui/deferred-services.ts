import { SovereignError, _ } from '../core/index.js';
import type { ExportRequest, ExportResult } from '../exporters/export-service.js';
import type { DocumentEditing } from '../skills/core/markdown-editor/index.js';
import type { Document, DocumentMeta, Thread } from '../store/records.js';
import type { CanvasPort } from './canvas/canvas-port.js';
import type {
  UiAnswers,
  UiAssistant,
  UiBackups,
  UiCommit,
  UiDiffPart,
  UiImportOptions,
  UiImportSummary,
  UiIndexingState,
  UiModels,
  UiRelated,
  UiSearchAnswer,
  UiSearchFilters,
  UiSearchHit,
  UiServices,
  UiState,
  UiVoice,
} from './services.js';

/**
 * UiServices that arrive later: the window is shown (with a spinner) while
 * the workspace opens, instead of after. Until then reads answer as an empty
 * workspace and anything that needs the workspace waits for it.
 */
export class DeferredServices implements UiServices {
  private services: UiServices | undefined;
  private readonly pendingListeners: (() => void)[] = [];

  constructor(private readonly ready: Promise<UiServices>) {
    ready.then(
      (services) => {
        this.services = services;
        for (const listener of this.pendingListeners.splice(0)) {
          services.onDocumentsChanged(listener);
          listener();
        }
      },
      () => undefined,
    );
  }

  get databaseLocation(): string {
    return this.services?.databaseLocation ?? '';
  }
  get canCreateSampleWorkspace(): boolean {
    return this.services?.canCreateSampleWorkspace ?? false;
  }
  get canShowOriginals(): boolean {
    return this.services?.canShowOriginals ?? false;
  }
  get canImport(): boolean {
    return this.services?.canImport ?? false;
  }
  get canExport(): boolean {
    return this.services?.canExport ?? false;
  }
  get searchReady(): boolean {
    return this.services?.searchReady ?? false;
  }

  documentCount(): number {
    return this.services?.documentCount() ?? 0;
  }
  meta(id: string): DocumentMeta | undefined {
    return this.services?.meta(id);
  }
  threads(): readonly Thread[] {
    return this.services?.threads() ?? [];
  }
  search(query: string, filters: UiSearchFilters, limit: number): UiSearchHit[] {
    return this.services?.search(query, filters, limit) ?? [];
  }
  async searchHybrid(query: string, filters: UiSearchFilters, limit: number, signal?: AbortSignal): Promise<UiSearchAnswer> {
    return (await this.ready).searchHybrid(query, filters, limit, signal);
  }
  startIndexing(): void {
    this.ready.then((services) => services.startIndexing(), () => undefined);
  }
  onIndexingChanged(listener: (state: UiIndexingState | null) => void): () => void {
    let off: (() => void) | undefined;
    let cancelled = false;
    this.ready.then(
      (services) => {
        if (!cancelled) off = services.onIndexingChanged(listener);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      off?.();
    };
  }
  pauseIndexing(paused: boolean): void {
    this.services?.pauseIndexing(paused);
  }
  async related(id: string): Promise<UiRelated[] | null> {
    return (await this.ready).related(id);
  }
  async acceptRelated(id: string, relatedId: string, score: number): Promise<void> {
    return (await this.ready).acceptRelated(id, relatedId, score);
  }
  onSkillFailed(listener: (skill: { name: string }) => void): () => void {
    let off: (() => void) | undefined;
    let cancelled = false;
    this.ready.then(
      (services) => {
        if (!cancelled) off = services.onSkillFailed?.(listener);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      off?.();
    };
  }
  onDocumentsChanged(listener: () => void): () => void {
    if (this.services) return this.services.onDocumentsChanged(listener);
    this.pendingListeners.push(listener);
    return () => {
      const at = this.pendingListeners.indexOf(listener);
      if (at >= 0) this.pendingListeners.splice(at, 1);
    };
  }

  async content(id: string): Promise<Document> {
    return (await this.ready).content(id);
  }
  async prepareSearch(): Promise<void> {
    return (await this.ready).prepareSearch();
  }
  async history(id: string): Promise<UiCommit[]> {
    return (await this.ready).history(id);
  }
  async editing(): Promise<DocumentEditing> {
    return (await this.ready).editing();
  }
  async diff(from: string, to: string): Promise<UiDiffPart[]> {
    return (await this.ready).diff(from, to);
  }
  async createNote(): Promise<string> {
    return (await this.ready).createNote();
  }
  async createSampleWorkspace(): Promise<void> {
    return (await this.ready).createSampleWorkspace();
  }
  async importFiles(paths: readonly string[], options?: UiImportOptions): Promise<UiImportSummary> {
    return (await this.ready).importFiles(paths, options);
  }

  originalFile(mediaRef: string, name: string): Promise<string> | null {
    return this.services?.originalFile(mediaRef, name) ?? null;
  }
  warmExport(): void {
    this.services?.warmExport();
  }
  async exportDocuments(request: ExportRequest): Promise<ExportResult> {
    return (await this.ready).exportDocuments(request);
  }
  async models(): Promise<UiModels | undefined> {
    return (await this.ready).models();
  }
  async backups(): Promise<UiBackups | undefined> {
    return (await this.ready).backups();
  }
  async assistant(): Promise<UiAssistant> {
    return (await this.ready).assistant();
  }
  async answers(): Promise<UiAnswers> {
    const services = await this.ready;
    if (!services.answers) throw new SovereignError('unsupported', _('Answering questions is not available here.'));
    return services.answers();
  }
  async voice(): Promise<UiVoice> {
    const services = await this.ready;
    if (!services.voice) throw new SovereignError('unsupported', _('Listening is not available here.'));
    return services.voice();
  }
  async createCanvas(onDataChanged: () => void): Promise<CanvasPort> {
    return (await this.ready).createCanvas(onDataChanged);
  }
  async loadUiState(): Promise<UiState | null> {
    return (await this.ready).loadUiState();
  }
  async saveUiState(state: UiState): Promise<void> {
    return (await this.ready).saveUiState(state);
  }
}
