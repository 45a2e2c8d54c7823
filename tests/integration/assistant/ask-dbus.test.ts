import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import dbus from 'dbus-next';
import { answerSchema } from '../../../src/assistant/answer/index.js';
import { testModels } from '../../support/ai-server.js';
import { SOVEREIGN, call, connect, errorName, nameHasOwner, type Call } from '../../support/dbus-client.js';
import { startPrivateSession, type PrivateSession } from '../../support/private-session.js';
import { cliEntry } from '../../support/repo.js';

// The real service, D-Bus-activated by a private dbus-daemon over an on-disk
// store it holds open, with the generated chat model. `sovereign ask` runs as
// a separate process: opening the store itself would fail while the service
// holds it, so every answer here came through the service's Ask.
const APP = 'org.sovereign.Sovereign';
const execFileAsync = promisify(execFile);
let session: PrivateSession;
let bus: dbus.MessageBus;
let bikeId: string;

const app = (member: string, signature = '', body: unknown[] = []): Call => ({ ...SOVEREIGN, interface: APP, member, signature, body });

async function sovereign(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cliEntry, ...args], { env: session.env, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

before(async () => {
  const chat = testModels().chat;
  session = await startPrivateSession({
    configToml: `[service]\nidle_exit_seconds = 600\n[ai]\ncontext_size = 1024\n[ai.models]\nchat = ${JSON.stringify(chat)}\n`,
    systemData: false,
  });
  bus = connect(session.busAddress);
  for (const [name, text] of [
    ['bicycle.md', '# Bicycle repair\n\n## Tyres\n\nTo fix a flat tyre, remove the wheel and patch the inner tube.\n'],
    ['sourdough.md', '# Sourdough\n\nFeed the starter with flour and water every day.\n'],
  ] as const) {
    const file = path.join(session.root, name);
    fs.writeFileSync(file, text);
    const [id] = (await call(bus, app('ImportFile', 's', [file]))) as [string];
    if (name === 'bicycle.md') bikeId = id;
  }
  assert.equal(await nameHasOwner(bus, APP), true, 'the service runs and holds the store');
});

after(async () => {
  bus?.disconnect();
  await session?.stop();
});

test('sovereign ask, while Sovereign runs, streams the running instance’s answer and lists the passages it cited', async () => {
  const result = await sovereign('ask', 'How do I fix a flat tyre?');
  assert.equal(result.code, 0, result.stderr);
  const [text, sources] = result.stdout.split('\nSources:\n');
  assert.ok(text!.trim().length > 0, `the answer's text was printed:\n${result.stdout}`);
  assert.ok(sources, `a Sources list follows the answer:\n${result.stdout}`);
  // The imported file's title is its first heading, which also heads the passage.
  assert.match(sources, /^ {2}\[1\] Bicycle repair › Bicycle repair › Tyres {2}\(characters \d+–\d+\)\n {6}To fix a flat tyre, remove the wheel and patch the inner tube\.$/m);
});

test('sovereign ask --json, while Sovereign runs, carries citations of the right document, saved in a conversation a follow-up continues', async () => {
  const result = await sovereign('ask', '--json', 'How do I fix a flat tyre?');
  assert.equal(result.code, 0, result.stderr);
  const answer = answerSchema.parse(JSON.parse(result.stdout));
  assert.equal(answer.status, 'answered');
  assert.equal(answer.citations[0]?.documentId, bikeId);
  assert.ok(answer.conversationId);

  // A follow-up through Ask itself, in the same conversation: searched for with the question before it.
  const [json] = (await call(bus, app('Ask', 'sa{sv}', ['And when was that?', { conversation: new dbus.Variant('s', answer.conversationId) }]))) as [string];
  const followUp = answerSchema.parse(JSON.parse(json));
  assert.equal(followUp.conversationId, answer.conversationId);
  assert.equal(followUp.citations[0]?.documentId, bikeId);
});

test('Ask refuses an unknown option by name and an empty question with a clear error', async () => {
  assert.equal(await errorName(bus, app('Ask', 'sa{sv}', ['How do I fix a flat tyre?', { colour: new dbus.Variant('s', 'red') }])), 'org.sovereign.Sovereign.Error.InvalidArgument');
  assert.equal(await errorName(bus, app('Ask', 'sa{sv}', ['   ', {}])), 'org.sovereign.Sovereign.Error.InvalidArgument');
});
