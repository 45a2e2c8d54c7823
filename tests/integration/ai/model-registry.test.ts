import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig, isSovereignError } from '../../../src/core/index.js';
import { testModels } from '../../support/ai-server.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-registry-'));
const registries: ModelRegistry[] = [];
after(async () => {
  for (const registry of registries) await registry.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function registry(configure: (ai: ReturnType<typeof defaultConfig>['ai']) => void): ModelRegistry {
  const config = defaultConfig();
  config.ai.models.chat = testModels().chat;
  config.ai.models.embedding = testModels().embedding;
  config.ai.context_size = 2048;
  configure(config.ai);
  const created = new ModelRegistry({ ai: config.ai, modelsDir: path.join(tmp, 'models') });
  registries.push(created);
  return created;
}

const waitFor = async (condition: () => Promise<boolean>) => {
  for (let i = 0; i < 400 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
};

test('a model unloads by itself after the idle time, and loads again on the next use', async () => {
  const models = registry((ai) => {
    ai.idle_unload_minutes = 0.005; // 300 ms
  });
  const chat = models.backend('chat');
  await chat.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 });
  assert.deepEqual((await models.status()).loaded.map((m) => m.id), ['tiny-qwen2']);
  await waitFor(async () => (await models.status()).loaded.length === 0);
  const status = await models.status();
  assert.deepEqual(status.loaded, []);
  const host = await models.host.request('status', {});
  assert.deepEqual(host.models, [], 'the model process let go of it too');
  const again = await chat.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 });
  assert.equal(again.usage.completionTokens, 2);
});

test('status reports the loaded model, its context, the model process RSS and the last tokens/s', async () => {
  const models = registry(() => undefined);
  await models.backend('chat').generate({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 16 });
  const status = await models.status();
  assert.ok(status.hostPid && status.hostPid !== process.pid, 'the model runs in another process');
  assert.ok((status.hostRssBytes ?? 0) > 10 * 1024 * 1024);
  assert.equal(status.loaded[0]!.contextSize, 2048);
  assert.deepEqual(status.loaded[0]!.roles, ['chat']);
  assert.equal(status.lastGeneration?.completionTokens, 16);
  assert.ok((status.lastGeneration?.tokensPerSecond ?? 0) > 0);
});

test('with one parallel sequence, concurrent generations queue and all complete', async () => {
  const models = registry((ai) => {
    ai.parallel_sequences = 1;
  });
  const chat = models.backend('chat');
  const results = await Promise.all([1, 2, 3].map((n) => chat.generate({ messages: [{ role: 'user', content: `request ${n}` }], maxTokens: 10 + n })));
  assert.deepEqual(results.map((r) => r.usage.completionTokens), [11, 12, 13]);
});

test('a load that would not fit in free memory is refused before the model process sees it', async () => {
  // A sparse file: real size on paper, no disk used.
  const huge = path.join(tmp, 'huge.gguf');
  fs.copyFileSync(testModels().chat, huge);
  fs.truncateSync(huge, os.totalmem() * 2);
  const models = registry((ai) => {
    ai.models.chat = huge;
  });
  await assert.rejects(models.backend('chat').generate({ messages: [{ role: 'user', content: 'x' }], maxTokens: 1 }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'resource'));
    assert.match(error.message, /Not enough free memory to load huge\.gguf/);
    return true;
  });
  assert.equal(models.host.running, false, 'no model process was started for it');
});

test('tokenize, count and info describe the model', async () => {
  const models = registry(() => undefined);
  const chat = models.backend('chat');
  const text = 'The budget for the meeting notes.';
  const tokens = await chat.tokenize(text);
  assert.ok(tokens.length > 0 && tokens.length < Buffer.byteLength(text), 'the BPE merges join bytes into tokens');
  assert.equal(await chat.countTokens(text), tokens.length);
  const info = await chat.info();
  assert.equal(info.architecture, 'qwen2');
  assert.equal(info.chatFormat, 'Qwen', "node-llama-cpp recognises the Qwen template");
  const embedding = await models.backend('embedding').info();
  assert.equal(embedding.embeddingSize, 64);
});
