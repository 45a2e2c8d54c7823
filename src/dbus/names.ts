import { APP_ID, DBUS_OBJECT_PATH } from '../core/index.js';

/**
 * Every name Sovereign uses on the session bus, in one place, so the data
 * files (service file, search-provider ini), the service and the clients
 * cannot drift apart.
 */
export const BUS_NAME = APP_ID;
export const APP_OBJECT_PATH = DBUS_OBJECT_PATH;
export const APP_INTERFACE = 'org.sovereign.Sovereign';
export const SEARCH_PROVIDER_PATH = `${DBUS_OBJECT_PATH}/SearchProvider`;
export const SEARCH_PROVIDER_INTERFACE = 'org.gnome.Shell.SearchProvider2';
export const APPLICATION_INTERFACE = 'org.freedesktop.Application';
/** Exported only when SOVEREIGN_TEST_HOOKS=1: lets tests see what reached the window opener. */
export const TEST_HOOKS_INTERFACE = 'org.sovereign.Sovereign.TestHooks';
export const TEST_HOOKS_ENV = 'SOVEREIGN_TEST_HOOKS';

/** Names of the errors Sovereign's methods reply with. */
export const DBUS_ERRORS = {
  invalidArgument: 'org.sovereign.Sovereign.Error.InvalidArgument',
  notFound: 'org.sovereign.Sovereign.Error.NotFound',
  unsupported: 'org.sovereign.Sovereign.Error.Unsupported',
  permissionDenied: 'org.sovereign.Sovereign.Error.PermissionDenied',
  /** The workspace is a locked vault: unlock it (Unlock, the window, `sovereign vault unlock`) and call again. */
  locked: 'org.sovereign.Sovereign.Error.Locked',
  tooLarge: 'org.sovereign.Sovereign.Error.TooLarge',
  unavailable: 'org.sovereign.Sovereign.Error.Unavailable',
  alreadyExists: 'org.sovereign.Sovereign.Error.AlreadyExists',
  conflict: 'org.sovereign.Sovereign.Error.Conflict',
  configInvalid: 'org.sovereign.Sovereign.Error.ConfigInvalid',
  databaseFailed: 'org.sovereign.Sovereign.Error.DatabaseFailed',
  readFailed: 'org.sovereign.Sovereign.Error.ReadFailed',
  cancelled: 'org.sovereign.Sovereign.Error.Cancelled',
  timedOut: 'org.sovereign.Sovereign.Error.TimedOut',
  modelFailed: 'org.sovereign.Sovereign.Error.ModelFailed',
  /** A fault in Sovereign itself, not in the request: the log has the details. */
  internal: 'org.sovereign.Sovereign.Error.Internal',
} as const;
