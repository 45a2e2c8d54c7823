import { randomUUID } from 'node:crypto';
import dbus from 'dbus-next';
import { SovereignError, _ } from '../core/index.js';
import { fromDBusError } from '../dbus/dbus-errors.js';
import { nameHasOwner } from '../dbus/name-has-owner.js';
import { APP_INTERFACE, APP_OBJECT_PATH, BUS_NAME } from '../dbus/names.js';
import type { BackupMade } from '../dbus/ports.js';
import { connectSessionBus } from './session-bus.js';

export type BackupRequest = { method: 'CreateBackup'; toDir: string; passphrase: string; keep?: number } | { method: 'RunScheduledBackup' };

/**
 * A backup made by the running Sovereign, which owns the database (the
 * embedded engine admits one process): the request goes to its
 * CreateBackup or RunScheduledBackup, and its BackupProgress signals feed
 * `onProgress`. Resolves undefined when no instance owns the bus name, so
 * the caller reports the lock as before.
 */
export async function backupThroughRunningInstance(request: BackupRequest, onProgress: (bytes: number) => void): Promise<BackupMade | undefined> {
  let bus: dbus.MessageBus;
  try {
    bus = await connectSessionBus();
  } catch {
    return undefined;
  }
  try {
    if (!(await nameHasOwner(bus, BUS_NAME))) return undefined;
    const progressId = randomUUID();
    bus.on('message', (message: InstanceType<typeof dbus.Message>) => {
      if (message.type !== dbus.MessageType.SIGNAL || message.interface !== APP_INTERFACE || message.member !== 'BackupProgress') return;
      const [id, bytes] = message.body as [string, bigint | number];
      if (id === progressId) onProgress(Number(bytes));
    });
    await call(bus, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [
      `type='signal',sender='${BUS_NAME}',interface='${APP_INTERFACE}',member='BackupProgress'`,
    ]);
    const body =
      request.method === 'CreateBackup'
        ? { signature: 'ssus', values: [request.toDir, request.passphrase, request.keep ?? 0, progressId] }
        : { signature: 's', values: [progressId] };
    const [json] = await call(bus, BUS_NAME, APP_OBJECT_PATH, APP_INTERFACE, request.method, body.signature, body.values);
    return JSON.parse(String(json)) as BackupMade;
  } finally {
    bus.disconnect();
  }
}

async function call(bus: dbus.MessageBus, destination: string, path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
  try {
    // NO_AUTO_START: the instance that owned the name may have exited; then the lock is free and the caller can go on itself.
    const reply = await bus.call(new dbus.Message({ destination, path, interface: iface, member, signature, body, flags: dbus.MessageFlag.NO_AUTO_START }));
    return reply?.body ?? [];
  } catch (error) {
    if (error instanceof dbus.DBusError) throw fromDBusError(error);
    throw new SovereignError('io', _('The running Sovereign did not answer the backup request.'), { cause: error });
  }
}
