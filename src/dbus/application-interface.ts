import dbus from 'dbus-next';
import type { AppRequests } from './app-requests.js';
import type { Activity } from './activity.js';
import { guarded } from './dbus-errors.js';
import { APPLICATION_INTERFACE } from './names.js';

type Variant = InstanceType<typeof dbus.Variant>;

/**
 * org.freedesktop.Application, which GLib, the Shell and the launcher call
 * on a DBusActivatable app: Activate (click in the app grid), Open (files),
 * ActivateAction (desktop actions and notification buttons).
 */
export class ApplicationInterface extends dbus.interface.Interface {
  constructor(
    private readonly requests: AppRequests,
    private readonly activity: Activity,
  ) {
    super(APPLICATION_INTERFACE);
  }

  Activate(_platformData: Record<string, Variant>): Promise<void> {
    return this.activity.hold(() => guarded('Activate', () => this.requests.activate()));
  }

  Open(uris: string[], _hint: string, _platformData: Record<string, Variant>): Promise<void> {
    return this.activity.hold(() => guarded('Open', () => this.requests.openFiles(uris)));
  }

  ActivateAction(name: string, parameter: Variant[], _platformData: Record<string, Variant>): Promise<void> {
    return this.activity.hold(() => guarded('ActivateAction', () => this.requests.activateAction(name, parameter[0]?.value)));
  }
}

ApplicationInterface.configureMembers({
  methods: {
    Activate: { inSignature: 'a{sv}', outSignature: '' },
    Open: { inSignature: 'assa{sv}', outSignature: '' },
    ActivateAction: { inSignature: 'sava{sv}', outSignature: '' },
  },
});
