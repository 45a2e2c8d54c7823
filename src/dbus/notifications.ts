import dbus from 'dbus-next';
import { APP_ID, createLogger } from '../core/index.js';

const log = createLogger('dbus.notifications');
const { Variant } = dbus;

export interface NotificationButton {
  label: string;
  /** An application action, e.g. "open-document"; sent as "app.<action>". */
  action: string;
  /** A string target, passed to ActivateAction as its one parameter. */
  target?: string;
}

export interface SovereignNotification {
  title: string;
  body: string;
  /** The action a click on the notification itself runs. */
  defaultAction?: Omit<NotificationButton, 'label'>;
  buttons?: NotificationButton[];
}

/**
 * Sends notifications the way GApplication does, through the Shell's
 * org.gtk.Notifications. The Shell remembers the app id, so a click on a
 * button D-Bus-activates Sovereign with ActivateAction even after this
 * process has exited. Sending is best effort: no notification server (a
 * session without the Shell) is logged, never an error for the caller.
 */
export class Notifications {
  constructor(private readonly bus: dbus.MessageBus) {}

  async send(id: string, notification: SovereignNotification): Promise<boolean> {
    const body: Record<string, InstanceType<typeof Variant>> = {
      title: new Variant('s', notification.title),
      body: new Variant('s', notification.body),
    };
    if (notification.defaultAction) {
      body['default-action'] = new Variant('s', `app.${notification.defaultAction.action}`);
      if (notification.defaultAction.target !== undefined) body['default-action-target'] = new Variant('s', notification.defaultAction.target);
    }
    if (notification.buttons?.length) {
      body['buttons'] = new Variant(
        'aa{sv}',
        notification.buttons.map((button) => ({
          label: new Variant('s', button.label),
          action: new Variant('s', `app.${button.action}`),
          ...(button.target !== undefined ? { target: new Variant('s', button.target) } : {}),
        })),
      );
    }
    try {
      await this.bus.call(
        new dbus.Message({
          destination: 'org.gtk.Notifications',
          path: '/org/gtk/Notifications',
          interface: 'org.gtk.Notifications',
          member: 'AddNotification',
          signature: 'ssa{sv}',
          body: [APP_ID, id, body],
        }),
      );
      return true;
    } catch (error) {
      log.info('notification not shown', { id, error });
      return false;
    }
  }
}
