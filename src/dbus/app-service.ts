import dbus from 'dbus-next';
import { PacedQueue, SovereignError, _, createLogger, format, type StoredSetting } from '../core/index.js';
import { Activity } from './activity.js';
import { AppRequests, type ImportNotice } from './app-requests.js';
import { ApplicationInterface } from './application-interface.js';
import { APP_OBJECT_PATH, BUS_NAME, SEARCH_PROVIDER_PATH } from './names.js';
import { Notifications } from './notifications.js';
import type { BackupService, CommandAssistant, DocumentEvent, DocumentService, QuestionAnswerer, TestMutations, VaultControl, WindowOpener } from './ports.js';
import type { RecordingWindowOpener } from './recording-window-opener.js';
import { SearchPrefixSetting } from './search-prefix-setting.js';
import { SearchProviderInterface } from './search-provider-interface.js';
import { SovereignInterface } from './sovereign-interface.js';
import { TestHooksInterface } from './test-hooks-interface.js';

const log = createLogger('dbus.service');

export interface AppServiceOptions {
  bus: dbus.MessageBus;
  documents: DocumentService;
  windows: WindowOpener;
  /** Exit after this long without requests and without a window (0: never). */
  idleExitMs: number;
  onIdle: () => void;
  /** Answers RouteCommand and RunCommand; absent, they fail as unsupported. */
  assistant?: CommandAssistant;
  /** Answers Ask; absent, it fails as unsupported. */
  answers?: QuestionAnswerer;
  /** Answers CreateBackup and RunScheduledBackup; absent, they fail as unsupported. */
  backups?: BackupService;
  /**
   * Export the TestHooks interface (SOVEREIGN_TEST_HOOKS=1): the log of what
   * reached the window (the recorder must be the `windows` given above, or
   * wrap it) and writes that make the service emit its change signals.
   */
  testHooks?: { windowRequests: RecordingWindowOpener; mutations?: TestMutations };
  /** The Shell search prefix's setting; absent, `sov:`. */
  searchPrefix?: StoredSetting;
  /** The process's vault: Unlock, Lock, VaultStatus, and the search provider's locked answer. */
  vault?: VaultControl;
}

/**
 * The process's presence on the session bus: org.freedesktop.Application,
 * org.sovereign.Sovereign and the Shell search provider, exported before the
 * name is requested so no call ever finds the name without its objects.
 */
export class AppService {
  private constructor(
    readonly bus: dbus.MessageBus,
    readonly windows: WindowOpener,
    private readonly activity: Activity,
    private readonly prefix: SearchPrefixSetting,
    private readonly unsubscribe: () => void,
  ) {}

  static async start(options: AppServiceOptions): Promise<AppService> {
    const { bus, documents, windows } = options;
    const activity = new Activity(options.idleExitMs, options.onIdle, () => windows.hasOpenWindow());
    const notifications = new Notifications(bus);
    const requests = new AppRequests(documents, windows, (notice) => void notifyImported(notifications, notice), options.assistant, options.answers);
    const prefix = new SearchPrefixSetting(options.searchPrefix);

    const sovereign = new SovereignInterface(requests, activity, options.backups, options.vault);
    bus.export(APP_OBJECT_PATH, new ApplicationInterface(requests, activity));
    bus.export(APP_OBJECT_PATH, sovereign);
    bus.export(
      SEARCH_PROVIDER_PATH,
      new SearchProviderInterface(requests, documents, activity, { prefix: () => prefix.current, locked: () => options.vault?.isLocked() ?? false }),
    );
    if (options.testHooks) bus.export(APP_OBJECT_PATH, new TestHooksInterface(options.testHooks.windowRequests, options.testHooks.mutations));
    // An import changes hundreds of documents per transaction; one signal each, marshalled and written at once, held the window's loop ~80 ms per 250.
    const signals = new PacedQueue<DocumentEvent>((event) => sovereign.emitDocumentEvent(event));
    const detach = documents.onDocumentEvent((event) => signals.push(event));
    const unsubscribe = () => {
      detach();
      signals.flush();
    };

    const reply = await bus.requestName(BUS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER && reply !== dbus.RequestNameReply.ALREADY_OWNER) {
      unsubscribe();
      activity.stop();
      prefix.stop();
      throw new SovereignError('already-exists', format(_('Another process already owns {name} on the session bus.'), { name: BUS_NAME }), {
        hint: _('Sovereign is already running; your request goes to it.'),
      });
    }
    log.info('service ready', { name: BUS_NAME, idleExitMs: options.idleExitMs });
    return new AppService(bus, windows, activity, prefix, unsubscribe);
  }

  /**
   * Keeps the service from exiting idle while work runs: the workspace
   * opening after the name is owned (minutes for a large store never opened
   * before), which an idle exit would throw away half done.
   */
  holdWhile<T>(work: () => Promise<T>): Promise<T> {
    return this.activity.hold(work);
  }

  /** Restarts the idle countdown, e.g. after the last window closed. */
  touch(): void {
    this.activity.touch();
  }

  /**
   * Resolves when no request is being answered: a process that ends with its
   * last window (a plain `sovereign`) first finishes what callers wait for.
   */
  whenUnheld(): Promise<void> {
    return this.activity.whenUnheld();
  }

  /** Runs work of the service's own (a scheduled backup) holding it alive, as a request would. */
  hold<T>(work: () => Promise<T>): Promise<T> {
    return this.activity.hold(work);
  }

  /** Whether a request is being answered now. */
  get held(): boolean {
    return this.activity.held;
  }

  /** When a request last ran (epoch ms), for the window's idle lock. */
  get lastRequestAt(): number {
    return this.activity.lastRequestAt;
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.activity.stop();
    this.prefix.stop();
    try {
      await this.bus.releaseName(BUS_NAME);
    } catch (error) {
      log.debug('releasing the bus name failed', { error });
    }
    this.bus.disconnect();
  }
}

async function notifyImported(notifications: Notifications, notice: ImportNotice): Promise<void> {
  await notifications.send(`imported-${notice.document.id}`, {
    title: format(_('Imported “{title}”'), { title: notice.document.title }),
    body: format(_('{file} is now in your workspace.'), { file: notice.fileName }),
    defaultAction: { action: 'open-document', target: notice.document.id },
    buttons: [{ label: _('Open'), action: 'open-document', target: notice.document.id }],
  });
}
