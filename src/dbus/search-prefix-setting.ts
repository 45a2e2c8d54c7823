import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { APP_ID, createLogger } from '../core/index.js';
import { parseGVariantString } from './gvariant-string.js';
import { DEFAULT_SEARCH_PREFIX, normaliseSearchPrefix } from './search-terms.js';

const log = createLogger('dbus.search-prefix');
export const SEARCH_PREFIX_KEY = 'search-prefix';

/**
 * The Shell search prefix from GSettings (org.sovereign.Sovereign
 * search-prefix), read through the `gsettings` tool rather than Gio.Settings:
 * src/dbus may not import node-gtk (only src/ui may; the service process
 * does run the GLib loop, started by src/ui/main-loop.ts). One
 * `gsettings get` at start, then a `gsettings monitor` child that reports
 * changes made in Preferences (the window writes them through
 * src/ui/settings.ts). Where the schema cannot be found (an uninstalled run
 * whose GSETTINGS_SCHEMA_DIR does not name build/data/glib-2.0/schemas, as
 * `build-aux/dev run` does) or gsettings is missing, the default `sov:`
 * holds.
 */
export class SearchPrefixSetting {
  private value = DEFAULT_SEARCH_PREFIX;
  private monitor: ChildProcess | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.ready = this.readOnce();
  }

  get current(): string {
    return this.value;
  }

  /** Starts following changes; stop() ends the child. */
  follow(): void {
    if (this.monitor) return;
    const child = spawn('gsettings', ['monitor', APP_ID, SEARCH_PREFIX_KEY], { env: this.env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.on('error', (error) => log.debug('gsettings monitor unavailable', { error }));
    child.unref();
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      // "search-prefix: 'x:'"
      const colon = line.indexOf(': ');
      if (colon >= 0 && line.slice(0, colon) === SEARCH_PREFIX_KEY) this.accept(line.slice(colon + 2));
    });
    // Do not keep the process alive for the monitor alone.
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    this.monitor = child;
  }

  stop(): void {
    this.monitor?.kill();
    this.monitor = undefined;
  }

  private readOnce(): Promise<void> {
    return new Promise((resolve) => {
      let out = '';
      const child = spawn('gsettings', ['get', APP_ID, SEARCH_PREFIX_KEY], { env: this.env, stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', (error) => {
        log.debug('gsettings unavailable; using the default search prefix', { error });
        resolve();
      });
      child.on('close', (code) => {
        if (code === 0) this.accept(out);
        else log.debug('search prefix not in GSettings; using the default', { code });
        resolve();
      });
    });
  }

  private accept(text: string): void {
    const parsed = parseGVariantString(text);
    const prefix = parsed === undefined ? undefined : normaliseSearchPrefix(parsed);
    if (prefix === undefined) {
      log.warn('ignoring an unusable search prefix from GSettings', { value: text.trim().slice(0, 80) });
      return;
    }
    this.value = prefix;
  }
}
