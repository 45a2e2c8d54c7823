import dbus from 'dbus-next';
import { SovereignError, _, appVersion } from '../core/index.js';
import type { Activity } from './activity.js';
import type { AppRequests } from './app-requests.js';
import { guarded } from './dbus-errors.js';
import { APP_INTERFACE } from './names.js';
import type { BackupMade, BackupService, DocumentEvent } from './ports.js';

/** A progress signal at most once per this many bytes: a backup reports every block it writes. */
const PROGRESS_STEP = 1024 * 1024;

/** (id, title, snippet, type, score) */
export type SearchResultTuple = [string, string, string, string, number];
/** (id, name, description, colour) */
export type ThreadTuple = [string, string, string, string];

/**
 * org.sovereign.Sovereign at /org/sovereign/Sovereign: Sovereign's own API
 * for scripts, the Nautilus extension and a second `sovereign` process.
 */
export class SovereignInterface extends dbus.interface.Interface {
  constructor(
    private readonly requests: AppRequests,
    private readonly activity: Activity,
    private readonly backups?: BackupService,
  ) {
    super(APP_INTERFACE);
  }

  get Version(): string {
    return appVersion;
  }

  Search(query: string, limit: number): Promise<SearchResultTuple[]> {
    return this.activity.hold(() =>
      guarded('Search', async () =>
        (await this.requests.search(query, limit)).map((hit): SearchResultTuple => [hit.id, hit.title, hit.snippet, hit.docType, hit.score]),
      ),
    );
  }

  OpenDocument(id: string): Promise<void> {
    return this.activity.hold(() => guarded('OpenDocument', () => this.requests.openDocument(id)));
  }

  ImportFile(path: string): Promise<string> {
    return this.activity.hold(() => guarded('ImportFile', async () => (await this.requests.importFile(path)).id));
  }

  AskAboutFile(path: string): Promise<string> {
    return this.activity.hold(() => guarded('AskAboutFile', async () => (await this.requests.askAboutFile(path)).id));
  }

  ListThreads(): Promise<ThreadTuple[]> {
    return this.activity.hold(() =>
      guarded('ListThreads', async () =>
        (await this.requests.listThreads()).map((thread): ThreadTuple => [thread.id, thread.name, thread.description, thread.colour]),
      ),
    );
  }

  RouteCommand(text: string): Promise<string> {
    return this.activity.hold(() => guarded('RouteCommand', () => this.requests.routeCommand(text)));
  }

  RunCommand(text: string): Promise<string> {
    return this.activity.hold(() => guarded('RunCommand', () => this.requests.runCommand(text)));
  }

  RouteCommandWith(text: string, options: unknown): Promise<string> {
    return this.activity.hold(() => guarded('RouteCommandWith', () => this.requests.routeCommand(text, options)));
  }

  RunCommandWith(text: string, options: unknown): Promise<string> {
    return this.activity.hold(() => guarded('RunCommandWith', () => this.requests.runCommand(text, options)));
  }

  Ask(question: string, options: unknown): Promise<string> {
    return this.activity.hold(() => guarded('Ask', () => this.requests.ask(question, options, (token, chunk) => this.AnswerText(token, chunk))));
  }

  /**
   * Writes a backup of the workspace this instance owns; the answer is the
   * backup as JSON (file, bytes, documents, attachments, pruned).
   * BackupProgress(progressId, bytes) signals follow the writing. The
   * passphrase travels over the session bus, which only this user's
   * processes can reach, as it would through a pipe.
   */
  CreateBackup(toDir: string, passphrase: string, keep: number, progressId: string): Promise<string> {
    return this.backupCall('CreateBackup', progressId, (backups, onProgress) =>
      backups.create({ toDir, passphrase, ...(keep > 0 ? { keep } : {}) }, onProgress),
    );
  }

  /** Makes a scheduled backup now (for the backup timer while this instance owns the database). */
  RunScheduledBackup(progressId: string): Promise<string> {
    return this.backupCall('RunScheduledBackup', progressId, (backups, onProgress) => backups.runScheduled(onProgress));
  }

  private backupCall(method: string, progressId: string, make: (backups: BackupService, onProgress: (bytes: number) => void) => Promise<BackupMade>): Promise<string> {
    return this.activity.hold(() =>
      guarded(method, async () => {
        if (this.backups === undefined) throw new SovereignError('unsupported', _('This Sovereign instance cannot make backups.'));
        let reported = 0;
        const made = await make(this.backups, (bytes) => {
          if (bytes - reported < PROGRESS_STEP) return;
          reported = bytes;
          this.BackupProgress(progressId, bytes);
        });
        return JSON.stringify(made);
      }),
    );
  }

  // dbus-next emits what this returns when it is called.
  BackupProgress(progressId: string, bytes: number): [string, number] {
    return [progressId, bytes];
  }

  /** Emits the signal matching a document change. */
  emitDocumentEvent(event: DocumentEvent): void {
    if (event.kind === 'added') this.DocumentAdded(event.id, event.title);
    else if (event.kind === 'changed') this.DocumentChanged(event.id, event.title);
    else this.DocumentRemoved(event.id);
  }

  // Signals: dbus-next emits what these return when they are called.
  DocumentAdded(id: string, title: string): [string, string] {
    return [id, title];
  }

  DocumentChanged(id: string, title: string): [string, string] {
    return [id, title];
  }

  DocumentRemoved(id: string): string {
    return id;
  }

  /** A piece of an answer being written for the Ask call that passed this token as its `stream` option. */
  AnswerText(token: string, text: string): [string, string] {
    return [token, text];
  }
}

SovereignInterface.configureMembers({
  properties: {
    Version: { signature: 's', access: 'read' },
  },
  methods: {
    Search: { inSignature: 'su', outSignature: 'a(ssssd)' },
    OpenDocument: { inSignature: 's', outSignature: '' },
    ImportFile: { inSignature: 's', outSignature: 's' },
    AskAboutFile: { inSignature: 's', outSignature: 's' },
    ListThreads: { inSignature: '', outSignature: 'a(ssss)' },
    RouteCommand: { inSignature: 's', outSignature: 's' },
    RunCommand: { inSignature: 's', outSignature: 's' },
    RouteCommandWith: { inSignature: 'sa{sv}', outSignature: 's' },
    RunCommandWith: { inSignature: 'sa{sv}', outSignature: 's' },
    Ask: { inSignature: 'sa{sv}', outSignature: 's' },
    CreateBackup: { inSignature: 'ssus', outSignature: 's' },
    RunScheduledBackup: { inSignature: 's', outSignature: 's' },
  },
  signals: {
    DocumentAdded: { signature: 'ss' },
    DocumentChanged: { signature: 'ss' },
    DocumentRemoved: { signature: 's' },
    AnswerText: { signature: 'ss' },
    BackupProgress: { signature: 'st' },
  },
});
