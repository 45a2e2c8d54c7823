import dbus from 'dbus-next';

/** Asks the bus daemon whether some process owns a well-known name. */
export async function nameHasOwner(bus: dbus.MessageBus, name: string): Promise<boolean> {
  const reply = await bus.call(
    new dbus.Message({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'NameHasOwner',
      signature: 's',
      body: [name],
    }),
  );
  return reply?.body[0] === true;
}
