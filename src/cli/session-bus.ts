import dbus from 'dbus-next';
import { SovereignError, _ } from '../core/index.js';

/**
 * Connects to the session bus, or explains why not. dbus-next connects
 * lazily and reports a missing bus as an 'error' event; this waits for the
 * Hello reply so callers learn about it here.
 */
export async function connectSessionBus(timeoutMs = 5000): Promise<dbus.MessageBus> {
  if (!process.env['DBUS_SESSION_BUS_ADDRESS'] && !process.env['DBUS_STARTER_ADDRESS']) {
    throw new SovereignError('unsupported', _('There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set).'), {
      hint: _('Run Sovereign inside a desktop session, or start one with dbus-run-session.'),
    });
  }
  const bus = dbus.sessionBus();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SovereignError('timeout', _('The D-Bus session bus did not answer.'))), timeoutMs);
    bus.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    bus.once('error', (error: unknown) => {
      clearTimeout(timer);
      reject(new SovereignError('unsupported', _('Cannot connect to the D-Bus session bus.'), { cause: error }));
    });
  });
  return bus;
}
