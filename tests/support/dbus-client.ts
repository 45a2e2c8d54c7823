import dbus from 'dbus-next';

/**
 * A test's side of the bus: plain method calls with explicit signatures, so a
 * test can also send what a well-behaved client never would, and read the
 * error name a call failed with.
 */
export interface Call {
  destination?: string;
  path?: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

export const SOVEREIGN = { destination: 'org.sovereign.Sovereign', path: '/org/sovereign/Sovereign' };

export function connect(address: string): dbus.MessageBus {
  return dbus.sessionBus({ busAddress: address });
}

export async function call(bus: dbus.MessageBus, message: Call): Promise<unknown[]> {
  const reply = await bus.call(
    new dbus.Message({
      destination: message.destination ?? SOVEREIGN.destination,
      path: message.path ?? SOVEREIGN.path,
      interface: message.interface,
      member: message.member,
      signature: message.signature ?? '',
      body: message.body ?? [],
    }),
  );
  return reply?.body ?? [];
}

/** The D-Bus error name a call fails with (the test fails if it succeeds). */
export async function errorName(bus: dbus.MessageBus, message: Call): Promise<string> {
  try {
    await call(bus, message);
  } catch (error) {
    if (error instanceof dbus.DBusError) return error.type;
    throw error;
  }
  throw new Error(`${message.member} succeeded but was expected to fail`);
}

export async function nameHasOwner(bus: dbus.MessageBus, name: string): Promise<boolean> {
  const [owned] = await call(bus, {
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'NameHasOwner',
    signature: 's',
    body: [name],
  });
  return owned === true;
}

export async function ownerPid(bus: dbus.MessageBus, name: string): Promise<number> {
  const [pid] = await call(bus, {
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'GetConnectionUnixProcessID',
    signature: 's',
    body: [name],
  });
  return pid as number;
}

/**
 * Starts listening for a signal now and resolves with the body of the next
 * one. The listener is in place before the match rule is added, so a signal
 * caused by a call sent right after this cannot be missed.
 */
export function nextSignal(bus: dbus.MessageBus, iface: string, member: string, timeoutMs = 10_000): Promise<unknown[]> {
  const rule = `type='signal',interface='${iface}',member='${member}'`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bus.removeListener('message', onMessage);
      reject(new Error(`no ${member} signal within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(message: InstanceType<typeof dbus.Message>): void {
      if (message.type === dbus.MessageType.SIGNAL && message.interface === iface && message.member === member) {
        clearTimeout(timer);
        bus.removeListener('message', onMessage);
        resolve(message.body as unknown[]);
      }
    }
    bus.on('message', onMessage);
    call(bus, {
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: [rule],
    }).catch(reject);
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
