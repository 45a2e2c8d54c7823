import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { SkillRegistry, StoreSkillHost, type CoreSkill, type SkillHost, type SkillManifest, type SkillPermission } from '../../../src/skills/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

function manifest(id: string, name: string, permissions: SkillPermission[] = []): SkillManifest {
  return {
    id,
    name,
    version: '1.0.0',
    kind: 'core',
    entry: 'src/skills/test.ts',
    documentTypes: { views: ['markdown'], edits: [] },
    commands: [{ id: 'shout', title: 'Shout' }],
    permissions,
  };
}

/** A core skill whose lifecycle does what the test asks, and which remembers what happened to it. */
class TestSkill implements CoreSkill {
  host: SkillHost | null = null;
  unloads = 0;
  constructor(
    readonly manifest: SkillManifest,
    private readonly behaviour: { load?: 'throw' | 'hang'; health?: 'throw' | 'hang' } = {},
  ) {}
  async load(host: SkillHost): Promise<void> {
    if (this.behaviour.load === 'throw') throw new Error('the editor widget could not be built');
    if (this.behaviour.load === 'hang') await new Promise(() => undefined);
    this.host = host;
  }
  async unload(): Promise<void> {
    this.unloads += 1;
    this.host = null;
  }
  async health(): Promise<void> {
    if (this.behaviour.health === 'throw') throw new Error('lost its document');
    if (this.behaviour.health === 'hang') await new Promise(() => undefined);
  }
  async runCommand(commandId: string, args: unknown): Promise<unknown> {
    const { documentId } = args as { documentId: string };
    const document = await this.host!.readDocument(documentId);
    return `${commandId}: ${document.content.toUpperCase()}`;
  }
}

function registryWith(coreSkills: CoreSkill[], store: Parameters<typeof storeHost>[0], stateFile?: string, timeoutMs = 1000): SkillRegistry {
  const root = tempDir('sov-core-');
  return new SkillRegistry({
    coreSkills,
    skillsDir: path.join(root, 'skills'),
    stateFile: stateFile ?? path.join(root, 'skill-state.json'),
    runtimeDir: path.join(root, 'run'),
    createHost: storeHost(store, path.join(root, 'files')),
    timeoutMs,
    loadTimeoutMs: timeoutMs,
  });
}

function storeHost(store: Awaited<ReturnType<typeof openTestStore>>, filesDir: string) {
  return (m: SkillManifest) => new StoreSkillHost({ store, manifest: m, filesDir: path.join(filesDir, m.id) });
}

test('core skills load in-process and run their commands against the store', async () => {
  const store = await openTestStore('mem');
  const skill = new TestSkill(manifest('org.sovereign.Shouter', 'Shouter', ['read-documents']));
  const registry = registryWith([skill], store);
  await registry.loadEnabled();
  assert.equal((await registry.info('org.sovereign.Shouter')).status, 'loaded');
  const document = await store.createDocument({ title: 'Quiet', docType: 'markdown', content: 'hello' });
  assert.equal(await registry.runCommand('org.sovereign.Shouter', 'shout', { documentId: document.id }), 'shout: HELLO');
  assert.equal(await registry.checkHealth('org.sovereign.Shouter'), true);
});

test('a core skill that fails to load is disabled and named, and the other core skills still load', async () => {
  const store = await openTestStore('mem');
  const broken = new TestSkill(manifest('org.sovereign.Broken', 'Broken Editor'), { load: 'throw' });
  const hanging = new TestSkill(manifest('org.sovereign.Slow', 'Slow Viewer'), { load: 'hang' });
  const fine = new TestSkill(manifest('org.sovereign.Fine', 'Fine'));
  const registry = registryWith([broken, hanging, fine], store);
  const failed: { id: string; name: string; message: string }[] = [];
  registry.events.on('skill.failed', (event) => failed.push(event));
  await registry.loadEnabled();
  assert.deepEqual(failed, [
    { id: 'org.sovereign.Broken', name: 'Broken Editor', message: 'the editor widget could not be built' },
    { id: 'org.sovereign.Slow', name: 'Slow Viewer', message: 'it did not load within 1 s' },
  ]);
  const statuses = (await registry.list()).map((s) => [s.id, s.status]);
  assert.deepEqual(statuses, [
    ['org.sovereign.Broken', 'failed'],
    ['org.sovereign.Slow', 'failed'],
    ['org.sovereign.Fine', 'loaded'],
  ]);
  assert.equal(hanging.unloads, 1, 'a skill that timed out is told to unload');
});

test('a core skill whose health check hangs is disabled after the timeout and unloaded', async () => {
  const store = await openTestStore('mem');
  const skill = new TestSkill(manifest('org.sovereign.Hangs', 'Hanging'), { health: 'hang' });
  const registry = registryWith([skill], store);
  await registry.loadEnabled();
  assert.equal(await registry.checkHealth('org.sovereign.Hangs'), false);
  assert.equal(skill.unloads, 1);
  const info = await registry.info('org.sovereign.Hangs');
  assert.equal(info.status, 'failed');
  assert.equal(info.problem, 'it did not answer a health check within 1 s');
});

test('disabling is remembered by the next Sovereign, which does not load the skill', async () => {
  const store = await openTestStore('mem');
  const stateFile = path.join(tempDir(), 'skill-state.json');
  const first = new TestSkill(manifest('org.sovereign.Optional', 'Optional'));
  const registry = registryWith([first], store, stateFile);
  await registry.loadEnabled();
  assert.equal((await registry.disable('org.sovereign.Optional')).status, 'disabled');
  assert.equal(first.unloads, 1);
  assert.deepEqual(fs.readdirSync(path.dirname(stateFile)), ['skill-state.json'], 'no temporary file is left behind');

  const second = new TestSkill(manifest('org.sovereign.Optional', 'Optional'));
  const next = registryWith([second], store, stateFile);
  await next.loadEnabled();
  assert.equal(second.host, null);
  assert.equal((await next.info('org.sovereign.Optional')).status, 'disabled');
  await assert.rejects(next.load('org.sovereign.Optional'), { message: 'skill org.sovereign.Optional is disabled' });
  assert.equal((await next.enable('org.sovereign.Optional')).status, 'loaded');
  assert.notEqual(second.host, null);
});

test('a core skill cannot be removed', async () => {
  const store = await openTestStore('mem');
  const registry = registryWith([new TestSkill(manifest('org.sovereign.Kept', 'Kept'))], store);
  await assert.rejects(registry.remove('org.sovereign.Kept'), { message: 'org.sovereign.Kept is a core skill: it can be disabled but not removed' });
});

test('the host refuses what the manifest does not grant, naming the skill and the permission', async () => {
  const store = await openTestStore('mem');
  const host = new StoreSkillHost({ store, manifest: manifest('org.sovereign.Reader', 'Reader', ['read-documents']), filesDir: tempDir() });
  const document = await store.createDocument({ title: 'Draft', docType: 'markdown', content: 'first' });
  assert.equal((await host.readDocument(document.id)).content, 'first');
  assert.deepEqual((await host.listDocuments()).items.map((d) => d.title), ['Draft']);
  await assert.rejects(host.writeDocument(document.id, 'changed'), (error) =>
    isSovereignError(error, 'permission') && error.message === 'skill org.sovereign.Reader may not call writeDocument: its manifest does not grant “write-documents”');
  await assert.rejects(host.createDocument({ title: 'New', docType: 'markdown', content: '' }), { message: /may not call createDocument: .*“write-documents”/ });
  await assert.rejects(host.writeFile('out.pdf', new Uint8Array([1])), { message: /may not call writeFile: .*“write-files”/ });
  assert.equal((await store.getDocument(document.id)).content, 'first');
});

test('a skill that may write documents saves a version in their history', async () => {
  const store = await openTestStore('mem');
  const host = new StoreSkillHost({ store, manifest: manifest('org.sovereign.Writer', 'Writer', ['write-documents']), filesDir: tempDir() });
  const created = await host.createDocument({ title: 'From a skill', docType: 'markdown', content: 'one' });
  await host.writeDocument(created.id, 'two', { message: 'Tidied' });
  const history = await store.listCommits(created.id);
  assert.deepEqual(
    history.map((c) => [c.message, c.content]),
    [
      ['Tidied', 'two'],
      ['Edited by Writer', 'one'],
    ],
  );
  assert.equal((await store.getDocument(created.id)).content, 'two');
});

test('writeFile writes inside the allowed folder only, also through symlinks', async () => {
  const store = await openTestStore('mem');
  const folder = tempDir();
  const outside = tempDir();
  const host = new StoreSkillHost({ store, manifest: manifest('org.sovereign.Export', 'Export', ['write-files']), filesDir: folder });
  const written = await host.writeFile('exports/report.pdf', new Uint8Array([37, 80, 68, 70]));
  assert.equal(written, path.join(fs.realpathSync(folder), 'exports', 'report.pdf'));
  assert.deepEqual([...fs.readFileSync(written)], [37, 80, 68, 70]);

  fs.symlinkSync(outside, path.join(folder, 'link'));
  for (const target of ['../escaped.pdf', path.join(outside, 'escaped.pdf'), 'link/escaped.pdf', '']) {
    await assert.rejects(host.writeFile(target, new Uint8Array([1])), (error) => isSovereignError(error, 'permission') && /is outside/.test(error.message), target);
  }
  assert.deepEqual(fs.readdirSync(outside), []);
});
