import path from 'node:path';
import { pathToFileURL } from 'node:url';
import dbus from 'dbus-next';
import { createLogger } from '../core/index.js';
import { nameHasOwner } from './name-has-owner.js';
import { APPLICATION_INTERFACE, APP_OBJECT_PATH, BUS_NAME } from './names.js';

const log = createLogger('dbus.forward');

/**
 * Single-instance behaviour: when another process already owns the bus name,
 * a second `sovereign` hands its request (activate, or open these files) to
 * it and exits. Returns false when nobody owns the name, so the caller
 * becomes the primary instance itself.
 */
export async function forwardToPrimary(bus: dbus.MessageBus, files: readonly string[], cwd = process.cwd()): Promise<boolean> {
  if (!(await nameHasOwner(bus, BUS_NAME))) return false;
  const platformData = {};
  const call =
    files.length === 0
      ? { member: 'Activate', signature: 'a{sv}', body: [platformData] }
      : { member: 'Open', signature: 'assa{sv}', body: [files.map((file) => pathToFileURL(path.resolve(cwd, file)).href), '', platformData] };
  try {
    await bus.call(
      new dbus.Message({
        destination: BUS_NAME,
        path: APP_OBJECT_PATH,
        interface: APPLICATION_INTERFACE,
        // The primary may have exited since NameHasOwner: then become primary rather than start another by activation.
        flags: dbus.MessageFlag.NO_AUTO_START,
        ...call,
      }),
    );
  } catch (error) {
    if (error instanceof dbus.DBusError && error.type === 'org.freedesktop.DBus.Error.ServiceUnknown') return false;
    throw error;
  }
  log.info('request forwarded to the running instance', { files: files.length });
  return true;
}
