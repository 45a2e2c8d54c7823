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
 * does run the GLib loop, started by src/ui/main-loop.ts). One child reads
 * the value (`gsettings get`) and then follows changes made in Preferences
 * (`exec gsettings monitor`, the window writes them through
 * src/ui/settings.ts): spawning is a fork of this whole process, paid on a
 * cold D-Bus start's way to its first answer, so once rather than twice.
 * Where the schema cannot be found (an uninstalled run whose
 * GSETTINGS_SCHEMA_DIR does not name build/data/glib-2.0/schemas, as
 * `build-aux/dev run` does) or gsettings is missing, the default `sov:`
 * holds.
 */
export class SearchPrefixSetting {
  private value = DEFAULT_SEARCH_PREFIX;
  private child: ChildProcess | undefined;
  readonly ready: Promise<void>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.ready = this.readAndFollow(env);
  }

  get current(): string {
    return this.value;
  }

  /** Stops following changes (ends the child). */
  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private readAndFollow(env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve) => {
      // "$0" and "$1" are the schema and the key, passed as arguments: nothing is spliced into the script.
      const script = 'gsettings get "$0" "$1" || exit; exec gsettings monitor "$0" "$1"';
      const child = spawn('sh', ['-c', script, APP_ID, SEARCH_PREFIX_KEY], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      this.child = child;
      child.on('error', (error) => {
        log.debug('gsettings unavailable; using the default search prefix', { error });
        resolve();
      });
      // The first line is the current value ("'x:'"), each later one a change ("search-prefix: 'x:'").
      let first = true;
      child.on('close', (code) => {
        // Closing after a value was read is the monitor ending (stop(), or the service exiting), not a missing setting.
        if (first) log.debug('search prefix not in GSettings; using the default', { code });
        resolve();
      });
      const lines = readline.createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (first) {
          first = false;
          this.accept(line);
          resolve();
          return;
        }
        const colon = line.indexOf(': ');
        if (colon >= 0 && line.slice(0, colon) === SEARCH_PREFIX_KEY) this.accept(line.slice(colon + 2));
      });
      // Do not keep the process alive for the monitor alone.
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
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
