import { createLogger, type StoredSetting } from '../core/index.js';
import { DEFAULT_SEARCH_PREFIX, normaliseSearchPrefix } from './search-terms.js';

const log = createLogger('dbus.search-prefix');
export const SEARCH_PREFIX_KEY = 'search-prefix';

/**
 * The Shell search prefix from GSettings (org.sovereign.Sovereign
 * search-prefix), read as the service starts and followed while it runs
 * (Preferences writes it, src/ui/settings.ts). The setting itself is read by
 * src/ui/application-setting.ts: src/dbus may not load node-gtk. Without the
 * setting (no schema installed) or with an unusable value, `sov:` holds.
 */
export class SearchPrefixSetting {
  private value = DEFAULT_SEARCH_PREFIX;
  private readonly unfollow: () => void;

  constructor(private readonly setting: StoredSetting | undefined) {
    // Followed before the first read: GSettings reports changes only of keys read since.
    this.unfollow = setting?.follow(() => this.accept()) ?? (() => undefined);
    this.accept();
  }

  get current(): string {
    return this.value;
  }

  /** Stops following changes. */
  stop(): void {
    this.unfollow();
  }

  private accept(): void {
    const text = this.setting?.read();
    if (text === undefined) {
      log.debug('search prefix not in GSettings; using the default');
      return;
    }
    const prefix = normaliseSearchPrefix(text);
    if (prefix === undefined) {
      log.warn('ignoring an unusable search prefix from GSettings', { value: text.trim().slice(0, 80) });
      return;
    }
    this.value = prefix;
  }
}
