import dbus from 'dbus-next';
import { SovereignError, _, createLogger } from '../core/index.js';
import type { AssistantContext } from '../assistant/index.js';
import { fromDBusError } from '../dbus/dbus-errors.js';
import { nameHasOwner } from '../dbus/name-has-owner.js';
import { APP_INTERFACE, APP_OBJECT_PATH, BUS_NAME } from '../dbus/names.js';
import { commandOutcomeSchema, routedIntentSchema, type CommandRunner, type RunCommandOptions } from './command-runner.js';
import { connectSessionBus } from './session-bus.js';

const log = createLogger('cli.assistant');

/** A bus that does not answer this fast is treated as absent: the command then runs here. */
const BUS_TIMEOUT_MS = 2000;

/**
 * The assistant of the running Sovereign (the window, or the D-Bus service),
 * when one runs: it owns the database then, so `sovereign do` and
 * `sovereign intent` hand their command to it (RouteCommandWith,
 * RunCommandWith) instead of failing to open the store. Undefined when no
 * session bus is reachable or nobody owns the name: the caller runs the
 * command itself. The caller closes the runner.
 */
export async function connectRunningAssistant(): Promise<(CommandRunner & { close(): void }) | undefined> {
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
  const call = async (member: string, text: string, options: Record<string, InstanceType<typeof dbus.Variant>>): Promise<unknown> => {
    let reply: dbus.Message | null;
    try {
      reply = await bus.call(
        new dbus.Message({
          destination: BUS_NAME,
          path: APP_OBJECT_PATH,
          interface: APP_INTERFACE,
          member,
          signature: 'sa{sv}',
          body: [text, options],
          // Only the instance that runs now: activating a new one would race this process for the database.
          flags: dbus.MessageFlag.NO_AUTO_START,
        }),
      );
    } catch (error) {
      if (error instanceof dbus.DBusError) throw fromDBusError(error);
      throw error;
    }
    const json = reply?.body[0];
    if (typeof json !== 'string') throw new SovereignError('internal', _('The running Sovereign sent an answer that is not JSON.'));
    return JSON.parse(json) as unknown;
  };
  return {
    route: async (text, context) => routedIntentSchema.parse(await call('RouteCommandWith', text, contextOptions(context))),
    run: async (text, options: RunCommandOptions) => {
      const variants = contextOptions(options.context);
      if (options.confirmedDocument !== undefined) variants['confirm-document'] = new dbus.Variant('s', options.confirmedDocument);
      return commandOutcomeSchema.parse(await call('RunCommandWith', text, variants));
    },
    close: () => bus.disconnect(),
  };
}

function contextOptions(context: AssistantContext): Record<string, InstanceType<typeof dbus.Variant>> {
  const options: Record<string, InstanceType<typeof dbus.Variant>> = {};
  if (context.documentId !== undefined) options['context-document'] = new dbus.Variant('s', context.documentId);
  if (context.threadId !== undefined) options['context-thread'] = new dbus.Variant('s', context.threadId);
  return options;
}
