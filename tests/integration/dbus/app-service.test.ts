import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import dbus from 'dbus-next';
import { SOVEREIGN, call, connect, errorName, nameHasOwner, nextSignal, ownerPid, waitFor, type Call } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';

// The real service, D-Bus-activated by a private dbus-daemon from a private
// XDG_DATA_DIRS, over an on-disk store; this test process is its client.
// The session has no display, so no window opens here: the tests below check
// which request each call hands to the window (read from the TestHooks log).
// What the window then shows is checked with a display in
// tests/ui/process-model.test.ts.
const run = promisify(execFile);
const APP = 'org.sovereign.Sovereign';
const HOOKS = 'org.sovereign.Sovereign.TestHooks';
const PROVIDER = { destination: APP, path: '/org/sovereign/Sovereign/SearchProvider', interface: 'org.gnome.Shell.SearchProvider2' };
const FDO_APP = 'org.freedesktop.Application';
const ERR = 'org.sovereign.Sovereign.Error.';

let session: PrivateSession;
let bus: dbus.MessageBus;
let notes: string;
let budgetId: string;
/** The threads the CLI wrote to the store before the service started, as the CLI printed them. */
let seededThreads: { id: string; name: string; description: string; colour: string }[];

const app = (member: string, signature = '', body: unknown[] = []): Call => ({ ...SOVEREIGN, interface: APP, member, signature, body });

before(async () => {
  session = await startPrivateSession({
    env: { SOVEREIGN_TEST_HOOKS: '1' },
    configToml: '[service]\nidle_exit_seconds = 600\n',
    systemData: false,
  });
  bus = connect(session.busAddress);
  notes = path.join(session.root, 'notes');
  fs.mkdirSync(notes);
  // The CLI opens the store itself while no service owns it yet.
  seededThreads = [];
  for (const args of [['Garden'], ['Tax return 2026', '--description', 'Receipts and forms', '--colour', '#e66100']]) {
    const { stdout } = await run(process.execPath, [cliEntry, 'thread', 'add', ...args, '--json'], { env: session.env, timeout: 30_000 });
    seededThreads.push(JSON.parse(stdout) as (typeof seededThreads)[number]);
  }
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

async function windowRequests(): Promise<Record<string, unknown>[]> {
  const [json] = await call(bus, { ...SOVEREIGN, interface: HOOKS, member: 'GetWindowRequests' });
  return JSON.parse(json as string) as Record<string, unknown>[];
}

function note(name: string, content: string | Buffer): string {
  const file = path.join(notes, name);
  fs.writeFileSync(file, content);
  return file;
}

test('the first call D-Bus-activates the service, which runs without GTK', async () => {
  assert.equal(await nameHasOwner(bus, APP), false);
  const [hits] = await call(bus, app('Search', 'su', ['anything', 5]));
  assert.deepEqual(hits, []);
  const pid = await ownerPid(bus, APP);
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  assert.ok(cmdline.includes('--gapplication-service'), cmdline.join(' '));
  // node_gtk.node is mapped: the service runs in the GLib main loop (so that a
  // window can open later in this process), which src/ui/main-loop.ts starts
  // through node-gtk's GLib binding alone (it links libgirepository and
  // libcairo). GTK and libadwaita, and their typelibs, load only with a window.
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  assert.doesNotMatch(maps, /libgtk-4|libadwaita|Gtk-4\.0\.typelib|Adw-1\.typelib/);
});

test('ImportFile stores a markdown file, announces it and makes it searchable', async () => {
  const added = nextSignal(bus, APP, 'DocumentAdded');
  const [id] = await call(bus, app('ImportFile', 's', [note('budget.md', '# Budget 2026\n\nRent, groceries and the savings plan.\n')]));
  budgetId = id as string;
  assert.deepEqual(await added, [budgetId, 'Budget 2026']);
  const [hits] = (await call(bus, app('Search', 'su', ['groceries', 5]))) as [[string, string, string, string, number][]];
  assert.equal(hits.length, 1);
  const [hitId, title, snippet, type, score] = hits[0]!;
  assert.deepEqual([hitId, title, type], [budgetId, 'Budget 2026', 'markdown']);
  assert.match(snippet, /groceries/i);
  assert.ok(score > 0);
});

test('ImportFile accepts plain text and a file:// URI', async () => {
  const file = note('meeting notes.txt', 'Agenda: roof repair quotes.\n');
  const [id] = await call(bus, app('ImportFile', 's', ['file://' + file.replace(/ /g, '%20')]));
  const [hits] = (await call(bus, app('Search', 'su', ['roof', 5]))) as [[string, string, string, string, number][]];
  assert.deepEqual(hits.map((hit) => [hit[0], hit[1], hit[3]]), [[id, 'meeting notes', 'text']]);
});

test('ImportFile refuses bad paths and files with named errors', async () => {
  const big = note('big.txt', '');
  fs.truncateSync(big, 2 * 1024 * 1024 * 1024); // sparse: refused by its size, never read
  fs.writeFileSync(path.join(notes, 'os-release'), 'NAME=Debian\n');
  fs.symlinkSync(path.join(notes, 'os-release'), path.join(notes, 'notes.txt'));
  const cases: [string, string][] = [
    ['relative/budget.md', 'InvalidArgument'],
    [`${notes}/../notes/budget.md`, 'InvalidArgument'],
    [`${notes}//budget.md`, 'InvalidArgument'],
    [path.join(notes, 'missing.md'), 'NotFound'],
    [note('archive.zip', 'PK\x03\x04'), 'Unsupported'],
    [note('report.pdf', '%PDF-1.4'), 'InvalidArgument'],
    // The resolved target is judged, not the requested name: a link named notes.txt to a file without a type.
    [path.join(notes, 'notes.txt'), 'Unsupported'],
    [note('binary.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41])), 'Unsupported'],
    [note('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'InvalidArgument'],
    [big, 'TooLarge'],
    ['file://example.com/etc/passwd.md', 'InvalidArgument'],
  ];
  fs.mkdirSync(path.join(notes, 'folder.md'));
  cases.push([path.join(notes, 'folder.md'), 'InvalidArgument']);
  for (const [file, error] of cases) assert.equal(await errorName(bus, app('ImportFile', 's', [file])), ERR + error, file);
});

test('ImportFile goes through the import service: a PDF keeps its original, the same file twice is one document', async () => {
  const { writePdf } = await import('../../fixtures/documents/documents.js');
  const file = path.join(notes, 'invoice.pdf');
  writePdf(file, { title: 'Invoice 42', date: new Date('2024-02-01T00:00:00Z'), paragraphs: ['Amount due: forty euros for the plumber.'] });
  const [id] = await call(bus, app('ImportFile', 's', [file]));
  const [again] = await call(bus, app('ImportFile', 's', [file]));
  assert.equal(again, id);
  const [hits] = (await call(bus, app('Search', 'su', ['plumber', 5]))) as [[string, string, string, string, number][]];
  assert.deepEqual(hits.map((hit) => [hit[0], hit[1], hit[3]]), [[id, 'Invoice 42', 'pdf']]);
  const originals = path.join(session.root, 'data', 'sovereign', 'attachments');
  assert.ok(fs.readdirSync(originals).some((name) => fs.readFileSync(path.join(originals, name)).equals(fs.readFileSync(file))), 'the original is kept');
});

test('Search validates its limit and query length; a wrong signature is refused by type', async () => {
  assert.equal(await errorName(bus, app('Search', 'su', ['budget', 0])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, app('Search', 'su', ['budget', 100_000])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, app('Search', 'su', ['x'.repeat(600), 5])), ERR + 'InvalidArgument');
  assert.match(await errorName(bus, app('Search', 'ss', ['budget', '5'])), /^org\.freedesktop\.DBus\.Error\./);
  const [empty] = await call(bus, app('Search', 'su', ['   ', 5]));
  assert.deepEqual(empty, []);
});

test('OpenDocument asks the window for the document; unknown and malformed ids get named errors', async () => {
  await call(bus, app('OpenDocument', 's', [budgetId]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'open-document', id: budgetId, assistant: false });
  assert.equal(await errorName(bus, app('OpenDocument', 's', ['no-such-document'])), ERR + 'NotFound');
  assert.equal(await errorName(bus, app('OpenDocument', 's', ['../../etc/passwd'])), ERR + 'InvalidArgument');
});

test('AskAboutFile imports the file and asks the window to open it with the assistant', async () => {
  const [id] = await call(bus, app('AskAboutFile', 's', [note('question.md', '# Supplier question\n\nWho quoted lowest?\n')]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'open-document', id, assistant: true });
});

test('ListThreads lists every workspace thread with its id, name, description and colour', async () => {
  const [threads] = (await call(bus, app('ListThreads'))) as [[string, string, string, string][]];
  assert.deepEqual(
    threads.map(([id, name, description, colour]) => ({ id, name, description, colour })),
    seededThreads.map(({ id, name, description, colour }) => ({ id, name, description, colour })),
  );
  assert.deepEqual(
    threads.map(([, name]) => name),
    ['Garden', 'Tax return 2026'],
  );
});

test('the Version property reads the app version', async () => {
  const [value] = (await call(bus, {
    ...SOVEREIGN,
    interface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    signature: 'ss',
    body: [APP, 'Version'],
  })) as [InstanceType<typeof dbus.Variant>];
  assert.match(value.value as string, /^\d+\.\d+\.\d+/);
});

test('DocumentChanged and DocumentRemoved follow store changes', async () => {
  const changed = nextSignal(bus, APP, 'DocumentChanged');
  await call(bus, { ...SOVEREIGN, interface: HOOKS, member: 'RenameDocument', signature: 'ss', body: [budgetId, 'Budget 2026 (final)'] });
  assert.deepEqual(await changed, [budgetId, 'Budget 2026 (final)']);
  const [id] = await call(bus, app('ImportFile', 's', [note('scratch.md', '# Scratch\n')]));
  const removed = nextSignal(bus, APP, 'DocumentRemoved');
  await call(bus, { ...SOVEREIGN, interface: HOOKS, member: 'DeleteDocument', signature: 's', body: [id] });
  assert.deepEqual(await removed, [id]);
});

test('the search provider answers only prefixed terms and re-queries subsearches', async () => {
  const initial = (terms: string[]) => call(bus, { ...PROVIDER, member: 'GetInitialResultSet', signature: 'as', body: [terms] });
  assert.deepEqual(await initial(['groceries']), [[]]);
  assert.deepEqual(await initial(['sov:', 'groceries']), [[budgetId]]);
  assert.deepEqual(await initial(['sov:groceries']), [[budgetId]]);
  assert.deepEqual(await initial(['SOV:', 'groceries']), [[budgetId]]);
  assert.deepEqual(await initial(['sov:']), [[]]);
  const [sub] = await call(bus, { ...PROVIDER, member: 'GetSubsearchResultSet', signature: 'asas', body: [[], ['sov:', 'groceries']] });
  assert.deepEqual(sub, [budgetId]);
  const [narrowed] = await call(bus, { ...PROVIDER, member: 'GetSubsearchResultSet', signature: 'asas', body: [[budgetId], ['sov:', 'zzzz-nothing']] });
  assert.deepEqual(narrowed, []);
});

test('GetResultMetas returns one entry per id, unknown ids included, with name, snippet and icon', async () => {
  const [metas] = (await call(bus, {
    ...PROVIDER,
    member: 'GetResultMetas',
    signature: 'as',
    body: [[budgetId, 'gone-document']],
  })) as [Record<string, InstanceType<typeof dbus.Variant>>[]];
  assert.equal(metas.length, 2);
  const [budget, gone] = metas as [Record<string, InstanceType<typeof dbus.Variant>>, Record<string, InstanceType<typeof dbus.Variant>>];
  assert.equal(budget['id']!.value, budgetId);
  assert.equal(budget['name']!.value, 'Budget 2026 (final)');
  assert.match(budget['description']!.value as string, /groceries/i);
  assert.equal(budget['gicon']!.value, 'text-x-generic');
  assert.equal(gone['id']!.value, 'gone-document');
  assert.ok((gone['name']!.value as string).length > 0);
  assert.equal(
    await errorName(bus, { ...PROVIDER, member: 'GetResultMetas', signature: 'as', body: [['bad id/../x']] }),
    ERR + 'InvalidArgument',
  );
});

test('ActivateResult asks the window for the document and LaunchSearch for the search with the query', async () => {
  await call(bus, { ...PROVIDER, member: 'ActivateResult', signature: 'sasu', body: [budgetId, ['sov:', 'budget'], 0] });
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'open-document', id: budgetId, assistant: false });
  await call(bus, { ...PROVIDER, member: 'LaunchSearch', signature: 'asu', body: [['sov:', 'budget', 'plan'], 0] });
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'show-search', text: 'budget plan' });
});

test('org.freedesktop.Application: Activate, Open and ActivateAction each ask the window for what they name', async () => {
  const fdo = (member: string, signature: string, body: unknown[]): Call => ({ ...SOVEREIGN, interface: FDO_APP, member, signature, body });
  await call(bus, fdo('Activate', 'a{sv}', [{}]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'activate' });
  const file = note('opened.md', '# Opened from Files\n');
  await call(bus, fdo('Open', 'assa{sv}', [['file://' + file], '', {}]));
  const opened = (await windowRequests()).at(-1)!;
  assert.equal(opened['kind'], 'open-document');
  const [hits] = (await call(bus, app('Search', 'su', ['opened files', 5]))) as [[string][]];
  assert.equal(hits[0]![0], opened['id']);
  await call(bus, fdo('ActivateAction', 'sava{sv}', ['new-note', [], {}]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'new-note' });
  await call(bus, fdo('ActivateAction', 'sava{sv}', ['import', [], {}]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'choose-files-to-import' });
  await call(bus, fdo('ActivateAction', 'sava{sv}', ['open-document', [new dbus.Variant('s', budgetId)], {}]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'open-document', id: budgetId, assistant: false });
  // The Open button of an export notification, as the Shell sends it back (org.gtk.Notifications): the path is the target.
  const exported = note('Exported.md', '# Exported\n');
  await call(bus, fdo('ActivateAction', 'sava{sv}', ['open-exported', [new dbus.Variant('s', exported)], {}]));
  assert.deepEqual((await windowRequests()).at(-1), { kind: 'open-exported', file: exported });
  assert.equal(await errorName(bus, fdo('ActivateAction', 'sava{sv}', ['open-exported', [new dbus.Variant('s', 'Exported.pdf')], {}])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, fdo('ActivateAction', 'sava{sv}', ['open-exported', [], {}])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, fdo('ActivateAction', 'sava{sv}', ['format-disk', [], {}])), ERR + 'NotFound');
  assert.equal(await errorName(bus, fdo('ActivateAction', 'sava{sv}', ['open-document', [new dbus.Variant('u', 7)], {}])), ERR + 'InvalidArgument');
  assert.equal(await errorName(bus, fdo('Open', 'assa{sv}', [['https://example.com/a.md'], '', {}])), ERR + 'InvalidArgument');
});

test('a second `sovereign` forwards its files to the running instance, which asks its window for them', async () => {
  const pid = await ownerPid(bus, APP);
  const file = note('forwarded.md', '# Forwarded note\n');
  await run(process.execPath, [cliEntry, file], { env: session.env, timeout: 30_000 });
  await run(process.execPath, [cliEntry], { env: session.env, timeout: 30_000 });
  assert.equal(await ownerPid(bus, APP), pid, 'the same process still owns the name');
  const requests = await windowRequests();
  assert.deepEqual(requests.at(-1), { kind: 'activate' });
  const [hits] = (await call(bus, app('Search', 'su', ['forwarded', 5]))) as [[string][]];
  assert.deepEqual(requests.at(-2), { kind: 'open-document', id: hits[0]![0], assistant: false });
});

test('a second service refuses to start while one owns the name', async () => {
  const failed = await run(process.execPath, [cliEntry, '--gapplication-service'], { env: session.env, timeout: 30_000 }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  assert.ok(failed, 'the second service exited with an error');
  assert.match(failed.stderr, /already running/);
});

test('a windowless service exits after the configured idle time and is activated again on demand', async () => {
  const idle = await startPrivateSession({ configToml: '[service]\nidle_exit_seconds = 1\n', systemData: false });
  const idleBus = connect(idle.busAddress);
  try {
    await call(idleBus, app('Search', 'su', ['x', 1]));
    assert.equal(await nameHasOwner(idleBus, APP), true);
    await waitFor('the idle service to exit', async () => ((await nameHasOwner(idleBus, APP)) ? undefined : true), 30_000, 200);
    const [hits] = await call(idleBus, app('Search', 'su', ['x', 1]));
    assert.deepEqual(hits, []);
    // The TestHooks interface is not exported without SOVEREIGN_TEST_HOOKS.
    assert.match(await errorName(idleBus, { ...SOVEREIGN, interface: HOOKS, member: 'GetWindowRequests' }), /UnknownMethod|UnknownInterface/);
  } finally {
    idleBus.disconnect();
    await idle.stop();
  }
});
