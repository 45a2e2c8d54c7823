import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import dbus from 'dbus-next';
import { SOVEREIGN, call, connect, errorName, nameHasOwner, type Call } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';

// The real service, D-Bus-activated by a private dbus-daemon over an on-disk
// store it holds open; `sovereign do` and `sovereign intent` run as separate
// processes in the same session. Opening the store themselves would fail
// (the service holds it), so every success here went through the service.
const APP = 'org.sovereign.Sovereign';
const execFileAsync = promisify(execFile);
let session: PrivateSession;
let bus: dbus.MessageBus;

const app = (member: string, signature = '', body: unknown[] = []): Call => ({ ...SOVEREIGN, interface: APP, member, signature, body });
const titles = async (query: string) => ((await call(bus, app('Search', 'su', [query, 10])))[0] as [string, string][]).map((hit) => hit[1]).sort();

async function sovereign(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cliEntry, ...args], { env: session.env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Runs `sovereign …` on a pseudo-terminal (util-linux script), typing `answer` at it. */
function onTerminal(args: readonly string[], answer: string): Promise<{ code: number | null; output: string }> {
  const quoted = [process.execPath, cliEntry, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: session.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Answer once the question is on the terminal, as a person would.
      if (output.includes('[y/N]') && !child.stdin.writableEnded) child.stdin.end(answer);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

before(async () => {
  session = await startPrivateSession({ configToml: '[service]\nidle_exit_seconds = 600\n', systemData: false });
  bus = connect(session.busAddress);
  for (const [name, text] of [
    ['budget.md', '# Budget 2026\n\nRent and the savings plan.\n'],
    ['groceries.md', '# Grocery list\n\nApples, bread.\n'],
    ['lasagne.md', '# Lasagne recipe\n\nPasta sheets, tomato sauce.\n'],
    ['garden.md', '# Garden notes\n\nSow the radishes in April.\n'],
  ] as const) {
    const file = path.join(session.root, name);
    fs.writeFileSync(file, text);
    await call(bus, app('ImportFile', 's', [file]));
  }
  assert.equal(await nameHasOwner(bus, APP), true, 'the service runs and holds the store');
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('sovereign intent --json, while Sovereign runs, prints the intent the running instance routed', async () => {
  const result = await sovereign('intent', '--json', 'open budjet 2026');
  assert.equal(result.code, 0, result.stderr);
  const intent = JSON.parse(result.stdout) as { action: string; entities: { document?: { title: string } } };
  assert.equal(intent.action, 'open_document');
  assert.equal(intent.entities.document?.title, 'Budget 2026');
});

test('sovereign do, while Sovereign runs, renames through it, and "sovereign do undo" takes it back', async () => {
  const renamed = await sovereign('do', '--json', 'rename budget 2026 to Budget final');
  assert.equal(renamed.code, 0, renamed.stderr);
  assert.equal((JSON.parse(renamed.stdout) as { status: string }).status, 'executed');
  assert.deepEqual(await titles('budget'), ['Budget final']);
  const undone = await sovereign('do', 'undo');
  assert.equal(undone.code, 0, undone.stderr);
  assert.deepEqual(await titles('budget'), ['Budget 2026']);
});

test('sovereign do refuses a delete with no terminal to ask on and no --yes, and the document stays', async () => {
  const result = await sovereign('do', 'delete the grocery list');
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /needs a confirmation/);
  assert.deepEqual(await titles('grocery'), ['Grocery list']);
});

test('sovereign do asks on the terminal before a delete: "n" keeps the document, "y" deletes it', async () => {
  const declined = await onTerminal(['do', 'delete the lasagne recipe'], 'n\n');
  assert.match(declined.output, /Delete “Lasagne recipe” and its history\?/);
  assert.notEqual(declined.code, 0);
  assert.deepEqual(await titles('lasagne'), ['Lasagne recipe']);

  const accepted = await onTerminal(['do', 'delete the lasagne recipe'], 'y\n');
  assert.equal(accepted.code, 0, accepted.output);
  assert.match(accepted.output, /Deleted “Lasagne recipe”/);
  assert.deepEqual(await titles('lasagne'), []);
});

test('sovereign do --yes deletes through the running instance', async () => {
  const result = await sovereign('do', '--yes', 'delete the grocery list');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await titles('grocery'), []);
});

test('RunCommandWith does a delete only for the document it was confirmed for', async () => {
  const ids = (await call(bus, app('Search', 'su', ['budget', 10])))[0] as [string, string][];
  const budget = ids.find((hit) => hit[1] === 'Budget 2026')![0];
  const run = async (options: Record<string, unknown>) =>
    JSON.parse((await call(bus, app('RunCommandWith', 'sa{sv}', ['delete budget 2026', options])))[0] as string) as { status: string };
  assert.equal((await run({ 'confirm-document': new dbus.Variant('s', 'some-other-document') })).status, 'needs-confirmation');
  assert.deepEqual(await titles('budget'), ['Budget 2026']);
  assert.equal((await run({ 'confirm-document': new dbus.Variant('s', budget) })).status, 'executed');
  assert.deepEqual(await titles('budget'), []);
});

test('RouteCommandWith resolves "this" from the context document it is given, and refuses unknown options', async () => {
  const ids = (await call(bus, app('Search', 'su', ['radishes', 10])))[0] as [string, string][];
  const context = { 'context-document': new dbus.Variant('s', ids[0]![0]) };
  const routed = JSON.parse((await call(bus, app('RouteCommandWith', 'sa{sv}', ['export this as pdf', context])))[0] as string) as { action: string };
  assert.equal(routed.action, 'export');
  assert.equal(
    await errorName(bus, app('RouteCommandWith', 'sa{sv}', ['export this', { confirmed: new dbus.Variant('b', true) }])),
    'org.sovereign.Sovereign.Error.InvalidArgument',
  );
});
