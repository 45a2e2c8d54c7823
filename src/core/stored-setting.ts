/**
 * A stored string setting and its changes: a GSettings key, read by src/ui
 * (only it loads GLib's bindings) for the adapters that use it.
 */
export interface StoredSetting {
  /** The value now; undefined where the setting is not stored (no schema installed). */
  read(): string | undefined;
  /** Calls `listener` after each change; returns what stops it. */
  follow(listener: () => void): () => void;
}
