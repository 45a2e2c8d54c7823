import { performance } from 'node:perf_hooks';
import { APP_ID, APP_NAME, createLogger } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GLibT from 'node-gtk/types/GLib-2.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Adw, Gio, GLib } from './gi.js';
import { launchDefault } from './launch-default.js';
import { OPEN_DOCUMENT_ACTION, OPEN_EXPORTED_ACTION } from './finished-notice.js';
import { guard, spawnTask } from './guard.js';
import { DeferredServices } from './deferred-services.js';
import { showUnlockDialog, type UiVault } from './unlock-dialog.js';
import { MainWindow } from './main-window.js';
import type { UiServices } from './services.js';
import { UiSettings, type ColorScheme } from './settings.js';
import { loadStyle } from './style.js';
import { addEncryptWorkspaceAction } from './encrypt-workspace.js';
import { LOCK_VAULT_ACTION, addLockVaultAction, startIdleLock } from './vault-actions.js';
import { preferCairoOnSoftwareGl } from './software-renderer.js';
import { warmGtkSourceStep } from './editor/gtk-source.js';
import { delay } from './first-frame.js';
import { releaseFreedMemory } from './release-freed-memory.js';

const log = createLogger('ui');

/** The longest start-up work waits for the first window's first frame (see afterFirstFrame). */
const FIRST_FRAME_PATIENCE_MS = 20_000;

/**
 * What the rest of the process (the launcher, the D-Bus service) may ask of
 * the UI. Every call shows the window first if none is open.
 */
export interface UiController {
  activate(): void;
  /** Opens a document; with `assistant`, the command bar opens over it; with `summarize`, the chat panel summarises it ("Ask Sovereign about this file"). */
  openDocument(id: string, options?: { assistant?: boolean; summarize?: boolean }): boolean;
  showSearch(text?: string): void;
  /** Creates a note and opens it. */
  newNote(): void;
  /** Shows the file chooser for importing. */
  chooseFilesToImport(): void;
  /** Opens an exported file or folder in its default app (the Open button of an export's toast or notification). */
  openExported(file: string): void;
  /** Imports files (as given on the command line) and opens the first. */
  importAndOpen(paths: readonly string[]): void;
  /** Closes every window. */
  close(): void;
  readonly windowOpen: boolean;
  /**
   * Resolves once the first window shows the workspace (its first canvas
   * frame) and the loop was idle: start-up work the window does not need
   * for that frame (loading skills) waits for it.
   */
  afterFirstFrame(): Promise<void>;
}

export interface UiOptions {
  /** A promise shows the window at once, with a spinner until the workspace is open. */
  services: UiServices | Promise<UiServices>;
  /** Called when the last window closed (the launcher exits, or the service keeps running). */
  onAllWindowsClosed: () => void;
  /** The process's vault: while it is locked a new window opens on the unlock dialog. */
  vault?: UiVault;
  /**
   * Builds the services again over the workspace that the next unlock opens
   * (it waits for it). After a lock the window is rebuilt over them: the
   * services of before held the documents in the clear.
   */
  reopenServices?: () => Promise<UiServices>;
  /** When the D-Bus service beside the window last answered a request (epoch ms): a request is use, for the idle lock. */
  lastRequestAt?: () => number;
}

const ACCELERATORS: readonly [string, string[]][] = [
  ['win.ask', ['<Control>k']],
  ['win.find', ['<Control>f']],
  ['win.new-note', ['<Control>n']],
  ['win.import', ['<Control>o']],
  ['win.import-folder', ['<Control><Shift>o']],
  ['win.close-panel', ['<Control>w']],
  ['win.rename', ['F2']],
  ['app.preferences', ['<Control>comma']],
  ['app.shortcuts', ['<Control>question']],
  ['app.quit', ['<Control>q']],
  [`app.${LOCK_VAULT_ACTION}`, ['<Control><Alt>l']],
];

/**
 * The libadwaita application. It does not own the bus name (the D-Bus
 * service in this process does), so it is NON_UNIQUE, and it is registered
 * and activated by hand on the GLib loop that is already running rather
 * than through g_application_run (see main-loop.ts).
 */
export class SovereignUi implements UiController {
  private readonly application: AdwT.Application;
  private readonly settings: UiSettings;
  private window: MainWindow | undefined;
  /** The GSK renderer is chosen once, before the first window (see software-renderer.ts). */
  private rendererChosen = false;
  private services: UiServices;
  /** The window that a lock emptied and hid; destroyed once the vault is locked and a fresh one shown. */
  private lockedWindow: MainWindow | undefined;
  private readonly windowListeners = new Set<(window: MainWindow) => void>();
  private firstFrameShown: () => void = () => undefined;
  private readonly firstFrame = new Promise<void>((resolve) => (this.firstFrameShown = resolve));

  constructor(private readonly options: UiOptions) {
    this.services = options.services instanceof Promise ? new DeferredServices(options.services) : options.services;
    // What the accessibility bus, the window list and crash reports call the process.
    GLib.setApplicationName(APP_NAME);
    GLib.setPrgname(APP_ID);
    this.application = new Adw.Application({ applicationId: APP_ID, flags: Gio.ApplicationFlags.NON_UNIQUE });
    this.application.register(null);
    this.settings = new UiSettings();
    loadStyle();
    this.applyColorScheme(this.settings.colorScheme);
    this.settings.onChanged((key) => {
      if (key === 'color-scheme') this.applyColorScheme(this.settings.colorScheme);
    });
    Adw.StyleManager.getDefault().on('notify::dark', guard('ui.dark', undefined, () => this.followDark()));
    this.addActions();
    this.followVaultLocks();
    if (options.vault) {
      addLockVaultAction(this.application, options.vault, (message) => this.window?.toast(message));
      addEncryptWorkspaceAction(this.application, options.vault, () => this.window?.window as unknown as GtkT.Window | undefined);
      startIdleLock(options.vault, this.settings, (watch) => this.onWindow((window) => watch(window.window as unknown as GtkT.Window)), options.lastRequestAt);
    }
    // A click on a notification without a button (a finished import) activates the application.
    this.application.on('activate', guard('ui.activate', undefined, () => this.activate()));
    this.application.on('window-removed', guard('ui.window-removed', undefined, () => {
      if (this.application.getWindows().length === 0) this.options.onAllWindowsClosed();
    }));
  }

  get windowOpen(): boolean {
    return this.window !== undefined;
  }

  get mainWindow(): MainWindow | undefined {
    return this.window;
  }

  /** Called with the main window each time one is created (the test probe uses it). */
  onWindow(listener: (window: MainWindow) => void): void {
    this.windowListeners.add(listener);
    if (this.window) listener(this.window);
  }

  activate(): void {
    if (this.window) {
      this.window.window.present();
      return;
    }
    if (!this.rendererChosen) {
      this.rendererChosen = true;
      preferCairoOnSoftwareGl();
    }
    const window = new MainWindow(this.application, this.services, this.settings);
    this.window = window;
    window.window.on('destroy', guard('ui.window-destroyed', undefined, () => {
      if (this.window === window) this.window = undefined;
      window.canvas?.dispose();
    }));
    for (const listener of this.windowListeners) listener(window);
    // At the latest after FIRST_FRAME_PATIENCE_MS: a window whose canvas never draws (a failed start) must not keep the D-Bus service and the skills from starting.
    void Promise.race([window.settled, delay(FIRST_FRAME_PATIENCE_MS)]).then(() => {
      // Opening the workspace freed more than it keeps: give those pages back (on a worker thread) as the deferred start-up work begins.
      void releaseFreedMemory();
      this.firstFrameShown();
    });
    spawnTask('ui.start', async () => {
      await window.start();
      this.followDark();
      // Milliseconds since the process started, for the start-up breakdown (tests/bench/ui/start-breakdown.ts): the frame
      // itself, where 'first frame shown' waits for the loop to be idle after it.
      void window.canvas?.timings.firstFrame.then(() => log.debug('start: first canvas frame', { sinceStartMs: Math.round(performance.now()) }));
      // The first editor opens faster when GtkSourceView was set up while nobody waited; after the first frame, which
      // its steps (tens of milliseconds each, the GtkSource typelib first) would otherwise hold up.
      await this.firstFrame;
      GLib.idleAdd(GLib.PRIORITY_DEFAULT_IDLE, guard('ui.warm-editor', false, () => warmGtkSourceStep()));
    });
    // After start() presented the window (synchronously, before its first await): a dialog shown first ends up under it.
    if (this.options.vault?.isLocked()) showUnlockDialog(window.window, this.options.vault);
  }

  afterFirstFrame(): Promise<void> {
    return this.firstFrame;
  }

  openDocument(id: string, options: { assistant?: boolean; summarize?: boolean } = {}): boolean {
    this.activate();
    const opened = this.window!.openDocument(id, { navigate: true });
    if (opened && options.summarize) this.window!.summarize(id);
    // Its panel is the front one now: the bar's "this" is the document asked about.
    else if (opened && options.assistant) this.window!.showCommandBar();
    return opened;
  }

  showSearch(text?: string): void {
    this.activate();
    this.window!.showSearch(text);
  }

  newNote(): void {
    this.activate();
    this.window!.window.activateAction('win.new-note', null);
  }

  chooseFilesToImport(): void {
    this.activate();
    this.window!.window.activateAction('win.import', null);
  }

  openExported(file: string): void {
    try {
      launchDefault(file);
    } catch (error) {
      // Moved or deleted since the export: say so in the window rather than fail silently.
      this.activate();
      this.window!.toast((error as Error).message);
    }
  }

  importAndOpen(paths: readonly string[]): void {
    this.activate();
    this.window!.importFiles(paths);
  }

  close(): void {
    for (const window of this.application.getWindows()) window.close();
  }

  /**
   * A lock, from the window, D-Bus or `sovereign vault lock`: while the key
   * is still held the window saves its editors and hides; once locked, a new
   * window over services that wait for the next unlock replaces it, with the
   * unlock dialog over it. Nothing built over the old workspace survives.
   */
  private followVaultLocks(): void {
    const vault = this.options.vault;
    const reopen = this.options.reopenServices;
    if (!vault?.beforeLock || !vault.onChange || !reopen) return;
    vault.beforeLock(async () => {
      const window = this.window;
      if (!window) return;
      this.lockedWindow = window;
      try {
        await window.closeForLock();
      } catch (error) {
        // The lock goes on: the session's own close still ends the editing sessions.
        log.error('the window could not save everything before the lock', { error });
      }
    });
    vault.onChange(guard('ui.vault-changed', undefined, () => {
      if (!vault.isLocked()) return;
      this.services = new DeferredServices(reopen());
      const hidden = this.lockedWindow;
      this.lockedWindow = undefined;
      if (!hidden) return;
      if (this.window === hidden) this.window = undefined;
      // The new window first: with none left the application would end.
      this.activate();
      hidden.window.destroy();
    }));
  }

  private vaultOption(): { vault?: UiVault } {
    return this.options.vault ? { vault: this.options.vault } : {};
  }

  private followDark(): void {
    const dark = Adw.StyleManager.getDefault().getDark();
    this.window?.canvas?.controller.setTheme(dark ? 'dark' : 'light');
    this.window?.canvas?.queueFrame();
  }

  private applyColorScheme(scheme: ColorScheme): void {
    const schemes = { default: Adw.ColorScheme.DEFAULT, light: Adw.ColorScheme.FORCE_LIGHT, dark: Adw.ColorScheme.FORCE_DARK };
    Adw.StyleManager.getDefault().setColorScheme(schemes[scheme]);
  }

  private addActions(): void {
    const add = (name: string, run: () => void) => {
      const action = new Gio.SimpleAction({ name });
      action.on('activate', guard(`app.${name}`, undefined, run));
      this.application.addAction(action);
    };
    const parent = () => this.window?.window;
    // The dialogs' modules load when first shown: none is needed for the first frame (Preferences alone was ~0.1 s of imports).
    const addDialog = (name: string, show: (window: GtkT.Window) => Promise<void>) =>
      add(name, () => {
        const window = parent();
        if (window) spawnTask(`app.${name}`, () => show(window));
      });
    const preferences = (showModels: boolean) => async (window: GtkT.Window) => {
      const { showPreferences } = await import('./preferences.js');
      showPreferences(window, this.settings, this.services.databaseLocation, {
        services: this.services,
        offerDownload: () => this.window?.offerChatModel(),
        ...(showModels ? { showModels: true } : {}),
        ...this.vaultOption(),
      });
    };
    addDialog('preferences', preferences(false));
    // The "Speech Models…" button of the message that no speech model is installed.
    addDialog('preferences-models', preferences(true));
    addDialog('shortcuts', async (window) => (await import('./shortcuts.js')).showShortcuts(window));
    addDialog('about', async (window) => (await import('./about.js')).showAbout(window));
    add('quit', () => this.close());
    // The Open button of an export's toast and notification; its target is the exported path.
    const openExported = Gio.SimpleAction.new(OPEN_EXPORTED_ACTION, GLib.VariantType.new('s'));
    openExported.on('activate', guard(`app.${OPEN_EXPORTED_ACTION}`, undefined, (parameter: GLibT.Variant | null) => this.openExported(parameter?.getString()[0] ?? '')));
    this.application.addAction(openExported);
    // The Open button of a summary's notification; its target is the document id.
    const openDocument = Gio.SimpleAction.new(OPEN_DOCUMENT_ACTION, GLib.VariantType.new('s'));
    openDocument.on('activate', guard(`app.${OPEN_DOCUMENT_ACTION}`, undefined, (parameter: GLibT.Variant | null) => void this.openDocument(parameter?.getString()[0] ?? '')));
    this.application.addAction(openDocument);
    for (const [action, accels] of ACCELERATORS) this.application.setAccelsForAction(action, accels);
    log.debug('application ready');
  }
}
