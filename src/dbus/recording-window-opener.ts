import type { WindowOpener } from './ports.js';

export type WindowRequest =
  | { kind: 'activate' }
  | { kind: 'open-document'; id: string; assistant: boolean }
  | { kind: 'show-search'; text: string }
  | { kind: 'new-note' }
  | { kind: 'choose-files-to-import' }
  | { kind: 'open-exported'; file: string };

/**
 * A test instrument: keeps a bounded log of what was asked of the window,
 * then passes each request on. Installed only when SOVEREIGN_TEST_HOOKS=1
 * (src/cli/app-service-mode.ts); tests read the log through the TestHooks
 * interface to check which request a Shell click or a Files action made.
 * What the window then shows is checked with a display and the UI probe.
 */
export class RecordingWindowOpener implements WindowOpener {
  private readonly log: WindowRequest[] = [];

  constructor(
    private readonly inner: WindowOpener,
    private readonly capacity = 100,
  ) {}

  get requests(): readonly WindowRequest[] {
    return this.log;
  }

  activate(): Promise<void> {
    this.record({ kind: 'activate' });
    return this.inner.activate();
  }

  openDocument(id: string, options: { assistant: boolean; summarize?: boolean }): Promise<void> {
    this.record({ kind: 'open-document', id, assistant: options.assistant });
    return this.inner.openDocument(id, options);
  }

  showSearch(text: string): Promise<void> {
    this.record({ kind: 'show-search', text });
    return this.inner.showSearch(text);
  }

  newNote(): Promise<void> {
    this.record({ kind: 'new-note' });
    return this.inner.newNote();
  }

  chooseFilesToImport(): Promise<void> {
    this.record({ kind: 'choose-files-to-import' });
    return this.inner.chooseFilesToImport();
  }

  openExported(file: string): Promise<void> {
    this.record({ kind: 'open-exported', file });
    return this.inner.openExported(file);
  }

  hasOpenWindow(): boolean {
    return this.inner.hasOpenWindow();
  }

  private record(request: WindowRequest): void {
    this.log.push(request);
    if (this.log.length > this.capacity) this.log.shift();
  }
}
