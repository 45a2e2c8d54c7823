import dbus from 'dbus-next';
import { asSovereignError, createLogger, type ErrorKind } from '../core/index.js';
import { DBUS_ERRORS } from './names.js';

const log = createLogger('dbus');

const NAME_OF_KIND: Partial<Record<ErrorKind, string>> = {
  'invalid-input': DBUS_ERRORS.invalidArgument,
  usage: DBUS_ERRORS.invalidArgument,
  'not-found': DBUS_ERRORS.notFound,
  unsupported: DBUS_ERRORS.unsupported,
  permission: DBUS_ERRORS.permissionDenied,
  resource: DBUS_ERRORS.tooLarge,
  'database-locked': DBUS_ERRORS.unavailable,
  'database-unreachable': DBUS_ERRORS.unavailable,
};

/**
 * Turns whatever a method threw into a named D-Bus error. dbus-next would
 * otherwise send the JavaScript stack to the caller; a caller gets the
 * person-readable message (with its hint) and an error name it can branch on.
 */
export function toDBusError(error: unknown, method: string): InstanceType<typeof dbus.DBusError> {
  if (error instanceof dbus.DBusError) return error;
  const sovereign = asSovereignError(error);
  const name = NAME_OF_KIND[sovereign.kind] ?? DBUS_ERRORS.failed;
  if (name === DBUS_ERRORS.failed) log.error('D-Bus method failed', { method, error: sovereign, stack: sovereign.stack });
  return new dbus.DBusError(name, sovereign.describe());
}

/** Runs a method body and converts its failure into a named D-Bus error. */
export async function guarded<T>(method: string, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toDBusError(error, method);
  }
}
