import dbus from 'dbus-next';
import { SovereignError, _, createLogger } from '../core/index.js';
import { fromDBusError } from '../dbus/dbus-errors.js';
import { nameHasOwner } from '../dbus/name-has-owner.js';
import { APP_INTERFACE, APP_OBJECT_PATH, BUS_NAME } from '../dbus/names.js';
import { connectSessionBus } from './session-bus.js';

const log = createLogger('cli.running');

/** A bus that does not answer this fast is treated as absent: the command then runs here. */
const BUS_TIMEOUT_MS = 2000;

/** The running Sovereign (the window, or the D-Bus service) on the session bus. */
export interface RunningInstance {
  bus: dbus.MessageBus;
  /** Calls a method of org.sovereign.Sovereign on it and returns the reply's body (its errors as SovereignErrors). */
  call(member: string, signature: string, body: unknown[]): Promise<unknown[]>;
  /** Calls a method of org.sovereign.Sovereign on it and parses the JSON string it returns. */
  callJson(member: string, signature: string, body: unknown[]): Promise<unknown>;
  close(): void;
}

/**
 * The running Sovereign, when one runs: it owns the database then, so a
 * second `sovereign` hands its request over instead of failing to open the
 * store. Undefined when no session bus is reachable or nobody owns the
 * name: the caller does the work itself. The caller closes it.
 */
export async function connectRunningInstance(): Promise<RunningInstance | undefined> {
  let bus: dbus.MessageBus;
  try {
    bus = await connectSessionBus(BUS_TIMEOUT_MS);
  } catch (error) {
    log.debug('no session bus; running the command here', { error: String(error) });
    return undefined;
  }
  if (!(await nameHasOwner(bus, BUS_NAME))) {
    bus.disconnect();
    return undefined;
  }
  const instance: RunningInstance = {
    bus,
    async callJson(member, signature, body) {
      const [json] = await instance.call(member, signature, body);
      if (typeof json !== 'string') throw new SovereignError('internal', _('The running Sovereign sent an answer that is not JSON.'));
      return JSON.parse(json) as unknown;
    },
    async call(member, signature, body) {
      let reply: dbus.Message | null;
      try {
        reply = await bus.call(
          new dbus.Message({
            destination: BUS_NAME,
            path: APP_OBJECT_PATH,
            interface: APP_INTERFACE,
            member,
            signature,
            body,
            // Only the instance that runs now: activating a new one would race this process for the database.
            flags: dbus.MessageFlag.NO_AUTO_START,
          }),
        );
      } catch (error) {
        if (error instanceof dbus.DBusError) throw fromDBusError(error);
        throw error;
      }
      return reply?.body ?? [];
    },
    close: () => bus.disconnect(),
  };
  return instance;
}
