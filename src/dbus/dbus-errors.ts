import dbus from 'dbus-next';
import { SovereignError, _, asSovereignError, createLogger, type ErrorKind } from '../core/index.js';
import { DBUS_ERRORS } from './names.js';

const log = createLogger('dbus');

/**
 * The D-Bus error name of every kind of SovereignError, so that a caller can
 * branch on what went wrong. A Record over all kinds: a new kind does not
 * compile until it has its own name (there is no generic "Failed").
 */
const NAME_OF_KIND: Record<ErrorKind, string> = {
  'invalid-input': DBUS_ERRORS.invalidArgument,
  usage: DBUS_ERRORS.invalidArgument,
  'not-found': DBUS_ERRORS.notFound,
  unsupported: DBUS_ERRORS.unsupported,
  permission: DBUS_ERRORS.permissionDenied,
  locked: DBUS_ERRORS.locked,
  resource: DBUS_ERRORS.tooLarge,
  'database-locked': DBUS_ERRORS.unavailable,
  'database-unreachable': DBUS_ERRORS.unavailable,
  'already-exists': DBUS_ERRORS.alreadyExists,
  conflict: DBUS_ERRORS.conflict,
  config: DBUS_ERRORS.configInvalid,
  database: DBUS_ERRORS.databaseFailed,
  io: DBUS_ERRORS.readFailed,
  cancelled: DBUS_ERRORS.cancelled,
  timeout: DBUS_ERRORS.timedOut,
  model: DBUS_ERRORS.modelFailed,
  internal: DBUS_ERRORS.internal,
};

/**
 * What a caller can do about an error that came without a hint of its own.
 * Raised deep inside (the store, the file system), such errors know their
 * cause but not that a D-Bus caller is reading, so the advice is added here.
 */
function fallbackHint(kind: ErrorKind): string | undefined {
  switch (kind) {
    case 'database':
      return _('The workspace database could not finish the request; nothing was changed by it. Try again; if it keeps failing, run "sovereign doc ls" in a terminal to see the database error.');
    case 'io':
      return _('Check that the file exists, is readable by you and is not on a disconnected drive, then try again.');
    case 'timeout':
      return _('Sovereign is busy; try again in a moment.');
    case 'cancelled':
      return _('The request was cancelled before it finished; send it again if it is still wanted.');
    case 'model':
      return _('Check the models in Preferences or with "sovereign models status".');
    case 'config':
      return _('Fix the setting named above in ~/.config/sovereign/config.toml, then try again.');
    case 'internal':
      return _('This is a fault in Sovereign, not in the request; the service log (journalctl --user) has the details. Please report it.');
    default:
      return undefined;
  }
}

/**
 * Turns whatever a method threw into a named D-Bus error. dbus-next would
 * otherwise send the JavaScript stack to the caller; a caller gets the
 * person-readable message (with its hint) and an error name it can branch on.
 */
export function toDBusError(error: unknown, method: string): InstanceType<typeof dbus.DBusError> {
  if (error instanceof dbus.DBusError) return error;
  const sovereign = asSovereignError(error);
  const name = NAME_OF_KIND[sovereign.kind];
  if (sovereign.kind === 'internal' || sovereign.kind === 'database') log.error('D-Bus method failed', { method, error: sovereign, stack: sovereign.stack });
  const hint = sovereign.hint ?? fallbackHint(sovereign.kind);
  return new dbus.DBusError(name, hint ? `${sovereign.message}\n${hint}` : sovereign.message);
}

/**
 * The error a D-Bus reply names, back as a SovereignError (for a `sovereign`
 * that forwarded its command to the running instance): the same kind where
 * the name is one of ours, else 'internal'.
 */
export function fromDBusError(error: InstanceType<typeof dbus.DBusError>): SovereignError {
  const kind = (Object.keys(NAME_OF_KIND) as ErrorKind[]).find((candidate) => NAME_OF_KIND[candidate] === error.type) ?? 'internal';
  const [message = error.message, ...hint] = error.message.split('\n');
  return new SovereignError(kind, message, { ...(hint.length > 0 ? { hint: hint.join('\n') } : {}), cause: error });
}

/** Runs a method body and converts its failure into a named D-Bus error. */
export async function guarded<T>(method: string, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toDBusError(error, method);
  }
}
