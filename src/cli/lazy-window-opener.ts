import { createLogger, type Logger } from '../core/index.js';
import type { WindowOpener } from '../dbus/ports.js';
import type { CliContext } from './context.js';

/**
 * The module that builds windows, and the factory it exports. Loading it
 * loads GTK, so it is imported only when a request needs a window: a
 * D-Bus-activated service answering the Shell never pays for it.
 */
const WINDOW_MODULE = './window-opener.js';
type CreateWindowOpener = (ctx: CliContext) => Promise<WindowOpener>;

/**
 * A WindowOpener that loads the UI on first use. In a build without the UI
 * (or where it fails to load) requests are logged and dropped: the service
 * keeps answering searches and imports.
 */
export class LazyWindowOpener implements WindowOpener {
  private loading: Promise<WindowOpener | undefined> | undefined;
  private loaded: WindowOpener | undefined;
  private readonly log: Logger = createLogger('window');

  constructor(private readonly ctx: CliContext) {}

  async activate(): Promise<void> {
    await (await this.ui())?.activate();
  }

  async openDocument(id: string, options: { assistant: boolean; summarize?: boolean }): Promise<void> {
    await (await this.ui())?.openDocument(id, options);
  }

  async showSearch(text: string): Promise<void> {
    await (await this.ui())?.showSearch(text);
  }

  async newNote(): Promise<void> {
    await (await this.ui())?.newNote();
  }

  async chooseFilesToImport(): Promise<void> {
    await (await this.ui())?.chooseFilesToImport();
  }

  async openExported(file: string): Promise<void> {
    await (await this.ui())?.openExported(file);
  }

  hasOpenWindow(): boolean {
    return this.loaded?.hasOpenWindow() ?? false;
  }

  private ui(): Promise<WindowOpener | undefined> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<WindowOpener | undefined> {
    try {
      // A variable specifier: the UI is optional at compile time and loaded only here.
      const module = (await import(WINDOW_MODULE)) as { createWindowOpener: CreateWindowOpener };
      this.loaded = await module.createWindowOpener(this.ctx);
      return this.loaded;
    } catch (error) {
      this.log.warn('the window is not available; window requests are ignored', { error });
      return undefined;
    }
  }
}
