import { APP_ID, createLogger } from '../core/index.js';
import type * as GioT from 'node-gtk/types/Gio-2.0.js';
import { VOICE_KEYS } from '../voice/voice-settings.js';
import { DEFAULT_SPEECH } from '../voice/speech-options.js';
import { openApplicationSettings } from './application-setting.js';

const log = createLogger('ui.settings');

/** The GSettings key of the idle lock, and its default (as in the schema): a quarter of an hour. */
export const VAULT_LOCK_AFTER_IDLE = 'vault-lock-after-idle';
const DEFAULT_VAULT_LOCK_AFTER_IDLE = 15 * 60;

export type ColorScheme = 'default' | 'light' | 'dark';
export type PushToTalkMode = 'held' | 'toggled';

/**
 * The window's preferences, kept in GSettings (org.sovereign.Sovereign).
 * When the schema is not installed (a checkout run without
 * GSETTINGS_SCHEMA_DIR) the values live in memory for this run instead of
 * aborting, which is what Gio.Settings would do.
 */
export class UiSettings {
  private readonly settings: GioT.Settings | undefined;
  private readonly memory = new Map<string, unknown>();
  private readonly listeners = new Set<(key: string) => void>();

  constructor() {
    this.settings = openApplicationSettings();
    if (this.settings) {
      this.settings.on('changed', (key: string) => {
        for (const listener of this.listeners) listener(key);
      });
    } else {
      log.warn('GSettings schema not installed; preferences last for this run only', { schema: APP_ID });
    }
  }

  get persistent(): boolean {
    return this.settings !== undefined;
  }

  get colorScheme(): ColorScheme {
    const value = this.settings ? this.settings.getString('color-scheme') : this.memory.get('color-scheme');
    return value === 'light' || value === 'dark' ? value : 'default';
  }
  set colorScheme(value: ColorScheme) {
    this.setString('color-scheme', value);
  }

  get searchPrefix(): string {
    return this.settings ? this.settings.getString('search-prefix') : ((this.memory.get('search-prefix') as string | undefined) ?? 'sov:');
  }
  set searchPrefix(value: string) {
    this.setString('search-prefix', value);
  }

  get windowSize(): { width: number; height: number; maximized: boolean } {
    if (!this.settings) return { width: 1200, height: 800, maximized: false };
    return {
      width: this.settings.getInt('window-width'),
      height: this.settings.getInt('window-height'),
      maximized: this.settings.getBoolean('window-maximized'),
    };
  }
  saveWindowSize(width: number, height: number, maximized: boolean): void {
    if (!this.settings) return;
    this.settings.setInt('window-width', Math.max(360, width));
    this.settings.setInt('window-height', Math.max(294, height));
    this.settings.setBoolean('window-maximized', maximized);
  }

  /** Whether "Not Now" was clicked on the chat model offer (it is then shown only from Preferences). */
  get modelOfferDismissed(): boolean {
    if (this.settings && this.hasKey('model-offer-dismissed')) return this.settings.getBoolean('model-offer-dismissed');
    return this.memory.get('model-offer-dismissed') === true;
  }
  set modelOfferDismissed(value: boolean) {
    if (this.settings && this.hasKey('model-offer-dismissed')) this.settings.setBoolean('model-offer-dismissed', value);
    else this.setMemory('model-offer-dismissed', value);
  }

  get pinned(): string[] {
    return this.getStrv('pinned-documents');
  }
  set pinned(ids: string[]) {
    this.setStrv('pinned-documents', ids);
  }

  get recent(): string[] {
    return this.getStrv('recent-documents');
  }
  /** Puts a document first in the recent list (at most 8 kept). */
  touchRecent(id: string): void {
    this.setStrv('recent-documents', [id, ...this.recent.filter((other) => other !== id)].slice(0, 8));
  }

  /** The sound server's name of the microphone to listen to; '' is the system default. */
  get voiceInputDevice(): string {
    return this.getKeyString(VOICE_KEYS.inputDevice, '');
  }
  set voiceInputDevice(value: string) {
    this.setString(VOICE_KEYS.inputDevice, value);
  }

  get speechVoice(): string {
    return this.getKeyString(VOICE_KEYS.speechVoice, DEFAULT_SPEECH.voice);
  }
  set speechVoice(value: string) {
    this.setString(VOICE_KEYS.speechVoice, value);
  }

  get speechRate(): number {
    if (this.settings && this.hasKey(VOICE_KEYS.speechRate)) return this.settings.getInt(VOICE_KEYS.speechRate);
    return (this.memory.get(VOICE_KEYS.speechRate) as number | undefined) ?? DEFAULT_SPEECH.rate;
  }
  set speechRate(value: number) {
    if (this.settings && this.hasKey(VOICE_KEYS.speechRate)) this.settings.setInt(VOICE_KEYS.speechRate, value);
    else this.setMemory(VOICE_KEYS.speechRate, value);
  }

  get pushToTalkMode(): PushToTalkMode {
    return this.getKeyString(VOICE_KEYS.pushToTalkMode, 'held') === 'toggled' ? 'toggled' : 'held';
  }
  set pushToTalkMode(value: PushToTalkMode) {
    this.setString(VOICE_KEYS.pushToTalkMode, value);
  }

  /** The wake-word model file the user supplied; '' when none (no model ships with Sovereign). */
  get wakeModelPath(): string {
    return this.getKeyString(VOICE_KEYS.wakeModelPath, '');
  }
  set wakeModelPath(value: string) {
    this.setString(VOICE_KEYS.wakeModelPath, value);
  }

  get wakePhraseEnabled(): boolean {
    if (this.settings && this.hasKey(VOICE_KEYS.wakePhraseEnabled)) return this.settings.getBoolean(VOICE_KEYS.wakePhraseEnabled);
    return this.memory.get(VOICE_KEYS.wakePhraseEnabled) === true;
  }
  set wakePhraseEnabled(value: boolean) {
    if (this.settings && this.hasKey(VOICE_KEYS.wakePhraseEnabled)) this.settings.setBoolean(VOICE_KEYS.wakePhraseEnabled, value);
    else this.setMemory(VOICE_KEYS.wakePhraseEnabled, value);
  }

  onChanged(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Seconds without input or requests before an unlocked vault locks itself; 0: never. */
  get vaultLockAfterIdle(): number {
    if (this.settings && this.hasKey(VAULT_LOCK_AFTER_IDLE)) return this.settings.getUint(VAULT_LOCK_AFTER_IDLE);
    return (this.memory.get(VAULT_LOCK_AFTER_IDLE) as number | undefined) ?? DEFAULT_VAULT_LOCK_AFTER_IDLE;
  }
  set vaultLockAfterIdle(seconds: number) {
    if (this.settings && this.hasKey(VAULT_LOCK_AFTER_IDLE)) this.settings.setUint(VAULT_LOCK_AFTER_IDLE, seconds);
    else this.setMemory(VAULT_LOCK_AFTER_IDLE, seconds);
  }

  private setString(key: string, value: string): void {
    if (this.settings && this.hasKey(key)) this.settings.setString(key, value);
    else this.setMemory(key, value);
  }

  private getKeyString(key: string, fallback: string): string {
    if (this.settings && this.hasKey(key)) return this.settings.getString(key);
    return (this.memory.get(key) as string | undefined) ?? fallback;
  }

  private getStrv(key: string): string[] {
    if (this.settings && this.hasKey(key)) return this.settings.getStrv(key);
    return (this.memory.get(key) as string[] | undefined) ?? [];
  }

  private setStrv(key: string, value: string[]): void {
    if (this.settings && this.hasKey(key)) this.settings.setStrv(key, value);
    else this.setMemory(key, value);
  }

  private hasKey(key: string): boolean {
    return this.settings?.settingsSchema?.hasKey(key) ?? false;
  }

  private setMemory(key: string, value: unknown): void {
    this.memory.set(key, value);
    for (const listener of this.listeners) listener(key);
  }
}
