import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import dbus from 'dbus-next';
import { SOVEREIGN, call, connect, ownerPid, type Call } from '../../support/dbus-client.js';
import { FuzzRandom } from '../../support/fuzz-random.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';

// Seeded random values, of the right types and of wrong ones, into every
// method Sovereign serves on the bus: the real service, D-Bus-activated by a
// private dbus-daemon. Each call must either succeed or fail with a named
// error a caller can act on, and the same service must answer afterwards.
const SEED = 0xdb05;
const CALLS = 400;
/** Of those, sent with a signature the method does not take. */
const WRONG_SIGNATURE_SHARE = 0.25;

const APP = 'org.sovereign.Sovereign';
const PROVIDER = { path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const FDO_APP = 'org.freedesktop.Application';

interface MethodShape {
  path?: string;
  interface: string;
  member: string;
  signature: string;
}

const METHODS: readonly MethodShape[] = [
  { interface: APP, member: 'Search', signature: 'su' },
  { interface: APP, member: 'OpenDocument', signature: 's' },
  { interface: APP, member: 'ImportFile', signature: 's' },
  { interface: APP, member: 'AskAboutFile', signature: 's' },
  { interface: APP, member: 'ListThreads', signature: '' },
  { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as' },
  { ...PROVIDER, member: 'GetSubsearchResultSet', signature: 'asas' },
  { ...PROVIDER, member: 'GetResultMetas', signature: 'as' },
  { ...PROVIDER, member: 'ActivateResult', signature: 'sasu' },
  { ...PROVIDER, member: 'LaunchSearch', signature: 'asu' },
  { interface: FDO_APP, member: 'Activate', signature: 'a{sv}' },
  { interface: FDO_APP, member: 'Open', signature: 'assa{sv}' },
  { interface: FDO_APP, member: 'ActivateAction', signature: 'sava{sv}' },
];
/** Single complete types the generator can fill, to build wrong signatures from. */
const TYPES = ['s', 'u', 'i', 'd', 'b', 'y', 'as', 'a{sv}', 'av'] as const;
type TypeCode = (typeof TYPES)[number];

/** Splits a signature into its complete types (only the ones this test uses). */
function typesOf(signature: string): TypeCode[] {
  return (signature.match(/a\{sv\}|a[a-z]|[a-z]/g) ?? []) as TypeCode[];
}

function valueOf(type: TypeCode, random: FuzzRandom): unknown {
  switch (type) {
    case 's':
      return random.hostileText();
    case 'u':
      return random.pick([0, 1, 5, 200, 201, 2 ** 31, 2 ** 32 - 1]);
    case 'i':
      return random.pick([0, -1, 1, 2 ** 31 - 1, -(2 ** 31)]);
    case 'd':
      // dbus-next cannot send NaN or infinities: the service never sees them.
      return random.pick([0, 0.5, -2.5, -1e308, 1e308]);
    case 'b':
      return random.chance(0.5);
    case 'y':
      return random.int(256);
    case 'as':
      return Array.from({ length: random.chance(0.05) ? 1000 : random.int(6) }, () => random.hostileText());
    case 'a{sv}':
      // fromEntries: a key such as "__proto__" becomes a key, not the object's prototype. dbus-next's
      // client reads dict.constructor to tell a dict from other objects, so that one key cannot be sent.
      return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.hostileText().replace(/^constructor$/, 'constructor?'), variant(random)]));
    case 'av':
      return Array.from({ length: random.int(4) }, () => variant(random));
  }
}

/** Variants hold simple types and string lists: dbus-next's client cannot marshal a variant holding a dict or variants. */
const VARIANT_TYPES = ['s', 'u', 'i', 'd', 'b', 'y', 'as'] as const;

function variant(random: FuzzRandom): InstanceType<typeof dbus.Variant> {
  const type = random.pick(VARIANT_TYPES);
  return new dbus.Variant(type, valueOf(type, random));
}

function randomCall(random: FuzzRandom): { call: Call; rightSignature: boolean } {
  const method = random.pick(METHODS);
  const rightSignature = !random.chance(WRONG_SIGNATURE_SHARE);
  let types = typesOf(method.signature);
  if (!rightSignature) {
    do types = Array.from({ length: random.int(4) }, () => random.pick(TYPES));
    while (types.join('') === method.signature);
  }
  return {
    rightSignature,
    call: { ...SOVEREIGN, ...method, signature: types.join(''), body: types.map((type) => valueOf(type, random)) },
  };
}

let session: PrivateSession;
let bus: dbus.MessageBus;

before(async () => {
  session = await startPrivateSession({ env: { SOVEREIGN_TEST_HOOKS: '1' }, configToml: '[service]\nidle_exit_seconds = 600\n', systemData: false });
  bus = connect(session.busAddress);
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test(`${CALLS} seeded hostile calls (seed ${SEED}) get answers or named errors, and the service stays up`, async () => {
  await call(bus, { ...SOVEREIGN, interface: APP, member: 'ListThreads' });
  const pid = await ownerPid(bus, APP);
  const random = new FuzzRandom(SEED);
  const problems: string[] = [];
  const names = new Map<string, number>();
  for (let index = 0; index < CALLS; index++) {
    const { call: message, rightSignature } = randomCall(random);
    const where = `#${index} ${message.interface}.${message.member}(${message.signature})`;
    try {
      await call(bus, message);
      names.set('success', (names.get('success') ?? 0) + 1);
    } catch (error) {
      if (!(error instanceof dbus.DBusError)) {
        problems.push(`${where}: failed without a D-Bus error: ${String(error)}`);
        continue;
      }
      names.set(error.type, (names.get(error.type) ?? 0) + 1);
      // A signature the method does not take is refused by the bus library as the D-Bus standard says.
      const expected = rightSignature ? /^org\.sovereign\.Sovereign\.Error\.(?!Failed$|Internal$)[A-Za-z]+$/ : /^org\.freedesktop\.DBus\.Error\.(UnknownMethod|InvalidArgs)$/;
      if (!expected.test(error.type)) problems.push(`${where}: ${error.type}: ${error.text.slice(0, 300)}`);
      const leaked = /\[object Object\]|\bNaN\b|\bundefined\b/.exec(error.text)?.[0];
      if (/^\s+at /m.test(error.text) || (leaked !== undefined && !JSON.stringify(message.body).includes(leaked))) problems.push(`${where}: unclear message: ${error.text.slice(0, 300)}`);
      if (rightSignature && error.text.trim() === '') problems.push(`${where}: ${error.type} without a message`);
    }
  }
  assert.deepEqual(problems, [], JSON.stringify(Object.fromEntries(names)));
  assert.equal(await ownerPid(bus, APP), pid, 'the same service process still owns the name');
  const [hits] = await call(bus, { ...SOVEREIGN, interface: APP, member: 'Search', signature: 'su', body: ['anything', 5] });
  assert.ok(Array.isArray(hits));
  // The calls reached the methods: some were answered, some refused by Sovereign's own checks.
  assert.ok((names.get('success') ?? 0) > 0 && (names.get('org.sovereign.Sovereign.Error.InvalidArgument') ?? 0) > 0, JSON.stringify(Object.fromEntries(names)));
});
