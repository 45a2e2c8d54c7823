import dbus from 'dbus-next';
import type { AssistantContext } from '../assistant/index.js';
import { commandOutcomeSchema, routedIntentSchema, type CommandRunner, type RunCommandOptions } from './command-runner.js';
import { connectRunningInstance } from './running-instance.js';

/**
 * The assistant of the running Sovereign (the window, or the D-Bus service),
 * when one runs: it owns the database then, so `sovereign do` and
 * `sovereign intent` hand their command to it (RouteCommandWith,
 * RunCommandWith) instead of failing to open the store. Undefined when no
 * session bus is reachable or nobody owns the name: the caller runs the
 * command itself. The caller closes the runner.
 */
export async function connectRunningAssistant(): Promise<(CommandRunner & { close(): void }) | undefined> {
  const running = await connectRunningInstance();
  if (!running) return undefined;
  const call = (member: string, text: string, options: Record<string, InstanceType<typeof dbus.Variant>>) => running.callJson(member, 'sa{sv}', [text, options]);
  return {
    route: async (text, context) => routedIntentSchema.parse(await call('RouteCommandWith', text, contextOptions(context))),
    run: async (text, options: RunCommandOptions) => {
      const variants = contextOptions(options.context);
      if (options.confirmedDocument !== undefined) variants['confirm-document'] = new dbus.Variant('s', options.confirmedDocument);
      return commandOutcomeSchema.parse(await call('RunCommandWith', text, variants));
    },
    close: () => running.close(),
  };
}

function contextOptions(context: AssistantContext): Record<string, InstanceType<typeof dbus.Variant>> {
  const options: Record<string, InstanceType<typeof dbus.Variant>> = {};
  if (context.documentId !== undefined) options['context-document'] = new dbus.Variant('s', context.documentId);
  if (context.threadId !== undefined) options['context-thread'] = new dbus.Variant('s', context.threadId);
  return options;
}
