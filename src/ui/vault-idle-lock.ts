import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { createLogger } from '../core/index.js';
import { idleCheckDelayMs, idleLockDue } from '../vault/idle-lock.js';
import { GnomeIdle } from './gnome-idle.js';
import { Gtk } from './gi.js';
import { guard } from './guard.js';
import { VAULT_LOCK_AFTER_IDLE, type UiSettings } from './settings.js';

const log = createLogger('ui.idle-lock');

export interface IdleLockOptions {
  settings: UiSettings;
  isUnlocked(): boolean;
  lock(): Promise<void>;
  /** When the D-Bus service last answered a request (epoch ms); absent: no service beside the window. */
  lastRequestAt?: () => number;
}

/**
 * Locks an unlocked vault after the minutes of Preferences › Vault
 * (vault-lock-after-idle) without the person: no input (in the whole GNOME
 * session when Mutter says, else in this window) and no D-Bus request. It
 * also locks when the session's screen locks.
 */
export class VaultIdleLock {
  private lastInput = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly gnome = new GnomeIdle();

  constructor(private readonly options: IdleLockOptions) {
    options.settings.onChanged((key) => {
      if (key === VAULT_LOCK_AFTER_IDLE) this.schedule();
    });
    void this.gnome.onScreenLocked(guard('ui.idle-lock.screen-locked', undefined, () => this.lockNow('the screen locked')));
    this.schedule();
  }

  /** Counts every key, click and pointer move in this window as presence (captured before any widget sees it). */
  watch(window: GtkT.Window): void {
    const input = new Gtk.EventControllerLegacy({ propagationPhase: Gtk.PropagationPhase.CAPTURE });
    input.on('event', guard('ui.idle-lock.input', false, () => {
      this.lastInput = Date.now();
      return false;
    }));
    window.addController(input);
  }

  /** After an unlock the countdown starts again (the time spent locked is not use). */
  restart(): void {
    this.lastInput = Date.now();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const delay = idleCheckDelayMs(this.options.settings.vaultLockAfterIdle);
    if (delay === undefined) return;
    this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), delay);
    // The countdown alone must not keep a closing process alive.
    this.timer.unref();
  }

  private async check(): Promise<void> {
    if (!this.options.isUnlocked()) return;
    const now = Date.now();
    const requests = now - (this.options.lastRequestAt?.() ?? 0);
    const gnome = await this.gnome.idleMs();
    const input = gnome ?? now - this.lastInput;
    if (idleLockDue(Math.min(input, requests), this.options.settings.vaultLockAfterIdle)) await this.lockNow('idle');
  }

  private async lockNow(reason: string): Promise<void> {
    if (!this.options.isUnlocked()) return;
    log.info('locking the vault', { reason });
    await this.options.lock().catch((error: unknown) => log.error('the vault could not lock itself', { reason, error }));
  }
}
