import { randomUUID } from 'node:crypto';
import dbus from 'dbus-next';
import { answerSchema, type Answer } from '../assistant/answer/index.js';
import { APP_INTERFACE } from '../dbus/names.js';
import { connectRunningInstance } from './running-instance.js';

export interface RunningAskOptions {
  profile?: string;
  /** Receives the answer's text as the running instance writes it (AnswerText signals). */
  onText?: (chunk: string) => void;
}

/**
 * Asks the running Sovereign (Ask over D-Bus), which owns the database and
 * answers through the same answer service as its chat panel. Undefined when
 * none runs: the caller answers here. The text streams through AnswerText
 * signals tagged with a token only this call knows; the bus delivers them
 * all before the method's reply, since both come from the one sender.
 */
export async function askRunningInstance(question: string, options: RunningAskOptions): Promise<Answer | undefined> {
  const running = await connectRunningInstance();
  if (!running) return undefined;
  try {
    const variants: Record<string, InstanceType<typeof dbus.Variant>> = {};
    if (options.profile !== undefined) variants['profile'] = new dbus.Variant('s', options.profile);
    const { onText } = options;
    if (onText) {
      const token = randomUUID();
      variants['stream'] = new dbus.Variant('s', token);
      await running.bus.call(
        new dbus.Message({
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'AddMatch',
          signature: 's',
          body: [`type='signal',interface='${APP_INTERFACE}',member='AnswerText',arg0='${token}'`],
        }),
      );
      running.bus.on('message', (message: dbus.Message) => {
        if (message.type === dbus.MessageType.SIGNAL && message.member === 'AnswerText' && message.body[0] === token && typeof message.body[1] === 'string') onText(message.body[1]);
      });
    }
    const answer = answerSchema.parse(await running.callJson('Ask', 'sa{sv}', [question, variants]));
    return answer;
  } finally {
    running.close();
  }
}
