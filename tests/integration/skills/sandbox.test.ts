import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { StoreSkillHost } from '../../../src/skills/index.js';
import { CommunitySkill } from '../../../src/skills/sandbox/community-skill.js';
import { readSkillFolder } from '../../../src/skills/skill-folder.js';
import { openTestStore, exitWhenDone, tempDir } from '../../support/store.js';
import { fixtureSkill, processesLeft, skillWorld } from '../../support/skills.js';

exitWhenDone();

const WORD_COUNT = 'org.sovereign.example.WordCount';
const PROBE = 'org.sovereign.test.Probe';

test('the example skill counts the words of a document it reads through the host', async () => {
  const store = await openTestStore('mem');
  const { registry } = skillWorld(store);
  await registry.install(fixtureSkill(WORD_COUNT));
  assert.equal((await registry.info(WORD_COUNT)).status, 'loaded');
  const document = await store.createDocument({ title: 'Fox', docType: 'markdown', content: 'The quick brown fox jumps.\nÜber alles' });
  const counted = await registry.runCommand(WORD_COUNT, 'word-count', { documentId: document.id });
  assert.deepEqual(counted, { title: 'Fox', words: 7, characters: 37 });
  await registry.unloadAll();
});

test('a sandboxed skill cannot reach 127.0.0.1, read HOME, write outside its folder, change its manifest or call a host method it was not granted', async () => {
  const store = await openTestStore('mem');
  const { registry, home, skillsDir } = skillWorld(store);
  const secret = path.join(home, 'secret.txt');
  fs.writeFileSync(secret, 'the user’s secret');
  const outside = tempDir('sov-outside-');

  let connections = 0;
  const listener = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;

  try {
    await registry.install(fixtureSkill(PROBE));
    const document = await store.createDocument({ title: 'Private', docType: 'text', content: 'not for the probe' });
    const outsideFiles = [path.join(outside, 'escaped.txt'), path.join(home, 'escaped.txt'), '/usr/escaped.txt', secret];
    const report = (await registry.runCommand(PROBE, 'probe', { port, homeFile: secret, outsideFiles, documentId: document.id })) as Record<string, unknown>;

    // Inside its own network namespace the skill has no route to the host's loopback.
    assert.notEqual(report['connect'], 'connected');
    assert.equal(connections, 0, 'the listener on the host saw a connection');
    assert.equal(report['readHome'], 'ENOENT', 'HOME is not even there inside the sandbox');
    const writes = report['writeOutside'] as string[];
    assert.equal(writes.length, outsideFiles.length);
    for (const outcome of writes) assert.notEqual(outcome, 'ok');
    assert.equal(fs.existsSync(path.join(outside, 'escaped.txt')), false);
    assert.equal(fs.existsSync(path.join(home, 'escaped.txt')), false);
    assert.equal(fs.readFileSync(secret, 'utf8'), 'the user’s secret');
    // Its own folder is writable: what it writes there is on disk in its install folder.
    assert.equal(report['writeOwn'], 'ok');
    assert.equal(fs.readFileSync(path.join(skillsDir, PROBE, 'own-data.txt'), 'utf8'), 'mine');
    // …except its manifest: it cannot grant itself permissions for its next start.
    for (const outcome of report['grantItself'] as string[]) assert.notEqual(outcome, 'ok');
    assert.equal(fs.readFileSync(path.join(skillsDir, PROBE, 'skill.json'), 'utf8'), fs.readFileSync(path.join(fixtureSkill(PROBE), 'skill.json'), 'utf8'));
    // No read-documents permission: the host refuses, naming the permission.
    assert.match(String(report['readDocument']), /may not call readDocument: its manifest does not grant “read-documents”/);
    assert.equal((await registry.info(PROBE)).status, 'loaded', 'refused calls are answers, not failures');
  } finally {
    listener.close();
    await registry.unloadAll();
  }
});

test('a skill that floods the socket is cut off and disabled, and the host and other skills carry on', async () => {
  const store = await openTestStore('mem');
  const { registry, skillsDir, failures } = skillWorld(store);
  await registry.install(fixtureSkill(WORD_COUNT));
  await registry.install(fixtureSkill(PROBE));

  await assert.rejects(registry.runCommand(PROBE, 'flood'), /Sandbox Probe|org\.sovereign\.test\.Probe/);
  assert.deepEqual(
    failures.map((f) => [f.id, f.name]),
    [[PROBE, 'Sandbox Probe']],
  );
  assert.match(failures[0]!.message, /more than 200 messages in a second/);
  const info = await registry.info(PROBE);
  assert.equal(info.status, 'failed');
  assert.match(info.problem ?? '', /more than 200 messages/);
  assert.deepEqual(await processesLeft(path.join(skillsDir, PROBE)), [], 'the flooding process is gone');

  const document = await store.createDocument({ title: 'Still here', docType: 'text', content: 'one two three' });
  assert.deepEqual(await registry.runCommand(WORD_COUNT, 'word-count', { documentId: document.id }), { title: 'Still here', words: 3, characters: 13 });
  await registry.unloadAll();
});

test('a skill that sends one huge message is cut off before the host buffers it', async () => {
  const store = await openTestStore('mem');
  const { registry, failures } = skillWorld(store);
  await registry.install(fixtureSkill(PROBE));
  await assert.rejects(registry.runCommand(PROBE, 'oversize'));
  assert.equal(failures.length, 1);
  assert.match(failures[0]!.message, /larger than 4194304 bytes/);
  assert.equal((await registry.info(PROBE)).status, 'failed');
});

test('a skill that makes more host calls at once than allowed is cut off', async () => {
  const store = await openTestStore('mem');
  const { registry, failures } = skillWorld(store);
  await registry.install(fixtureSkill(PROBE));
  await assert.rejects(registry.runCommand(PROBE, 'impatient'));
  assert.deepEqual(
    failures.map((f) => f.message),
    ['it had more than 8 calls waiting at once'],
  );
  assert.equal((await registry.info(PROBE)).status, 'failed');
});

test('a skill that hangs fails its health check within the timeout, is killed and disabled', async () => {
  const store = await openTestStore('mem');
  const { registry, skillsDir, failures } = skillWorld(store, { timeoutMs: 1500 });
  const id = 'org.sovereign.test.Hangs';
  await registry.install(fixtureSkill(id));
  assert.equal((await registry.info(id)).status, 'loaded');

  assert.equal(await registry.checkHealth(id), false);
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.name, 'Hangs');
  assert.match(failures[0]!.message, /did not answer/);
  assert.equal((await registry.info(id)).status, 'failed');
  assert.deepEqual(await processesLeft(path.join(skillsDir, id)), []);
});

test('a skill that exits at once fails to load with its exit status, and is disabled', async () => {
  const store = await openTestStore('mem');
  const { registry, failures } = skillWorld(store);
  const id = 'org.sovereign.test.ExitsAtOnce';
  const info = await registry.install(fixtureSkill(id));
  assert.equal(info.status, 'failed');
  assert.match(info.problem ?? '', /exited with status 3: giving up at once/);
  assert.deepEqual(
    failures.map((f) => f.name),
    ['Exits at Once'],
  );
});

test('a skill that answers garbage is cut off and the caller gets a clear error', async () => {
  const store = await openTestStore('mem');
  const { registry, failures } = skillWorld(store);
  const id = 'org.sovereign.test.Garbage';
  await registry.install(fixtureSkill(id));
  await assert.rejects(registry.runCommand(id, 'talk'), /skill org\.sovereign\.test\.Garbage was stopped: it sent something that is not JSON-RPC 2\.0/);
  assert.equal(failures.length, 1);
  assert.equal((await registry.info(id)).status, 'failed');
});

test('a disabled skill that failed can be enabled again and runs', async () => {
  const store = await openTestStore('mem');
  const { registry } = skillWorld(store);
  await registry.install(fixtureSkill(PROBE));
  await assert.rejects(registry.runCommand(PROBE, 'flood'));
  assert.equal((await registry.info(PROBE)).status, 'failed');
  const info = await registry.enable(PROBE);
  assert.equal(info.status, 'loaded');
  assert.equal(info.problem, null);
  assert.equal(await registry.checkHealth(PROBE), true);
  await registry.unloadAll();
});

test('without bubblewrap a community skill does not start, and the error says why', async () => {
  const store = await openTestStore('mem');
  const manifest = await readSkillFolder(fixtureSkill(WORD_COUNT));
  const failures: string[] = [];
  const skill = new CommunitySkill({
    manifest,
    folder: fixtureSkill(WORD_COUNT),
    runtimeDir: path.join(tempDir('sov-run-'), 'run'),
    bwrapPath: '/nonexistent/bwrap',
    onFailure: (failure) => failures.push(failure.message),
  });
  await assert.rejects(skill.load(new StoreSkillHost({ store, manifest, filesDir: tempDir() })), {
    message: 'skill org.sovereign.example.WordCount was stopped: bubblewrap (bwrap) is not installed',
  });
  await skill.unload();
  assert.deepEqual(failures, [], 'a skill that never started is reported by load(), not as a later failure');
});
