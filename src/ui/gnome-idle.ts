import dbus from 'dbus-next';
import { createLogger } from '../core/index.js';

const log = createLogger('ui.gnome-idle');

const IDLE_MONITOR = { destination: 'org.gnome.Mutter.IdleMonitor', path: '/org/gnome/Mutter/IdleMonitor/Core', interface: 'org.gnome.Mutter.IdleMonitor' };
const SCREEN_SAVER_MATCH = "type='signal',interface='org.gnome.ScreenSaver',member='ActiveChanged'";

/**
 * What GNOME says about the person's presence, on the session bus: how long
 * the whole session has had no input (Mutter's IdleMonitor), and when the
 * screen locks (the Shell's ScreenSaver ActiveChanged). Outside GNOME both
 * are simply absent and the window counts its own input instead.
 */
export class GnomeIdle {
  private bus: dbus.MessageBus | undefined;
  private connecting: Promise<dbus.MessageBus | undefined> | undefined;

  /** Milliseconds since the last input anywhere in the session; undefined without GNOME. */
  async idleMs(): Promise<number | undefined> {
    const bus = await this.connect();
    if (!bus) return undefined;
    try {
      const reply = await bus.call(new dbus.Message({ ...IDLE_MONITOR, member: 'GetIdletime', flags: dbus.MessageFlag.NO_AUTO_START }));
      const value: unknown = reply?.body[0];
      return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : undefined;
    } catch {
      // No Mutter on this bus (another desktop, a test session).
      return undefined;
    }
  }

  /** Calls `listener` each time the session's screen lock comes on. */
  async onScreenLocked(listener: () => void): Promise<void> {
    const bus = await this.connect();
    if (!bus) return;
    bus.on('message', (message: dbus.Message) => {
      if (message.type === dbus.MessageType.SIGNAL && message.interface === 'org.gnome.ScreenSaver' && message.member === 'ActiveChanged' && message.body[0] === true) listener();
    });
    await bus
      .call(new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [SCREEN_SAVER_MATCH] }))
      .catch((error: unknown) => log.warn('cannot follow the screen lock', { error }));
  }

  close(): void {
    this.bus?.disconnect();
    this.bus = undefined;
  }

  private connect(): Promise<dbus.MessageBus | undefined> {
    if (!process.env['DBUS_SESSION_BUS_ADDRESS']) return Promise.resolve(undefined);
    this.connecting ??= new Promise((resolve) => {
      const bus = dbus.sessionBus();
      bus.once('connect', () => {
        this.bus = bus;
        resolve(bus);
      });
      bus.once('error', (error: unknown) => {
        log.info('no session bus: the idle lock counts the window’s input only', { error });
        resolve(undefined);
      });
    });
    return this.connecting;
  }
}
