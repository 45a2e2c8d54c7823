import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ModelLibrary } from '../../../src/ai/manager/model-library.js';
import { defaultConfig, isSovereignError } from '../../../src/core/index.js';
import { testModels } from '../../support/ai-server.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-library-'));
const libraries: ModelLibrary[] = [];
after(async () => {
  for (const library of libraries) await library.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A library over its own models dir holding the generated chat and embedding models. */
async function library(modelsDir: string, catalog = ''): Promise<ModelLibrary> {
  const config = defaultConfig();
  config.ai.context_size = 2048;
  config.ai.catalog = catalog;
  const opened = new ModelLibrary({ ai: config.ai, modelsDir, hardware: () => ({ totalMemoryBytes: 16 * 2 ** 30, cpuFeatures: ['avx2'], gpu: { available: false, devices: [] } }) });
  libraries.push(opened);
  return opened;
}

async function withModels(name: string, catalog = ''): Promise<{ dir: string; models: ModelLibrary }> {
  const dir = path.join(tmp, name);
  const models = await library(dir, catalog);
  await models.store.add(testModels().chat, { name: 'chat-one' });
  await models.store.add(testModels().embedding, { name: 'embedder' });
  return { dir, models };
}

test('the list follows a load and an unload, with the memory in use while loaded, and tells listeners each time', async () => {
  const { models } = await withModels('live');
  await models.setRole('chat', 'chat-one');
  let changes = 0;
  models.onChange(() => changes++);
  const before = (await models.list()).find((m) => m.name === 'chat-one')!;
  assert.equal(before.loaded, false);
  assert.equal(before.ramBytes, undefined);
  await models.registry.load('chat');
  const loaded = (await models.list()).find((m) => m.name === 'chat-one')!;
  assert.equal(loaded.loaded, true);
  assert.ok(loaded.ramBytes! > 10 * 1024 * 1024, `only ${loaded.ramBytes} bytes in memory reported`);
  assert.ok(changes >= 1, 'the load was not announced');
  const afterLoad = changes;
  await models.registry.unload('chat');
  assert.equal((await models.list()).find((m) => m.name === 'chat-one')!.loaded, false);
  assert.ok(changes > afterLoad, 'the unload was not announced');
});

test('the last tokens per second of a model is shown after a generation, and again after a restart', async () => {
  const { dir, models } = await withModels('speed');
  await models.setRole('chat', 'chat-one');
  assert.equal((await models.list()).find((m) => m.name === 'chat-one')!.tokensPerSecond, undefined);
  await models.registry.backend('chat').generate({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 16 });
  const speed = await (async () => {
    for (let i = 0; i < 100; i++) {
      const value = (await models.list()).find((m) => m.name === 'chat-one')!.tokensPerSecond;
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  })();
  assert.ok(speed !== undefined && speed > 0, `speed ${speed}`);
  await models.close();
  const reopened = await library(dir);
  assert.equal((await reopened.list()).find((m) => m.name === 'chat-one')!.tokensPerSecond, speed);
});

test('a role chosen in the window is kept across a restart and shown on the model', async () => {
  const { dir, models } = await withModels('roles');
  await models.setRole('embedding', 'embedder');
  await models.setRole('router', 'chat-one');
  await models.close();
  const reopened = await library(dir);
  const listed = await reopened.list();
  assert.deepEqual(listed.find((m) => m.name === 'embedder')!.roles, ['embedding']);
  assert.deepEqual(listed.find((m) => m.name === 'chat-one')!.roles, ['router']);
  await assert.rejects(reopened.setRole('chat', 'no-such-model'), (error) => isSovereignError(error, 'not-found') && /no-such-model/.test(error.message));
});

test('removing a loaded model unloads it, deletes its file and takes its role away; the chat model is then offered again', async () => {
  const catalog = path.join(tmp, 'catalog.json');
  const offered = { name: 'qwen-chat', title: 'Qwen Chat', quantization: 'Q4_K_M', parameters: 3e9, sizeBytes: 1_900_000_000, url: 'https://models.example/qwen-chat.gguf', sha256: 'b'.repeat(64) };
  fs.writeFileSync(catalog, JSON.stringify({ chat: [offered] }));
  const { dir, models } = await withModels('remove', catalog);
  await models.setRole('chat', 'chat-one');
  assert.equal(models.offer(), undefined, 'a chat model is installed: nothing to offer');
  await models.registry.load('chat');
  await models.remove('chat-one');
  assert.ok(!fs.existsSync(path.join(dir, 'chat-one.gguf')));
  assert.deepEqual((await models.list()).map((m) => m.name), ['embedder']);
  assert.equal((await models.registry.status()).loaded.length, 0);
  assert.equal(models.registry.find('chat'), undefined);
  assert.deepEqual(models.offer()?.entry, offered);
  await assert.rejects(models.remove('chat-one'), (error) => isSovereignError(error, 'not-found'));
});
