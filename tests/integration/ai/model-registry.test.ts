import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ModelHostProcess } from '../../../src/ai/host/model-host-process.js';
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

/** Polls until condition holds; fails the test naming what never happened after 10 s. */
const waitFor = async (condition: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out after 10 s waiting until ${what}`);
};

test('a model unloads by itself after the idle time, and loads again on the next use', async () => {
  const models = registry((ai) => {
    ai.idle_unload_minutes = 0.005; // 300 ms
  });
  const chat = models.backend('chat');
  await chat.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 });
  assert.deepEqual((await models.status()).loaded.map((m) => m.id), ['tiny-qwen2']);
  // The registry forgets the model at once; the process exits once it has unloaded it.
  await waitFor(async () => !(await models.status()).hostRunning, 'the idle model process exited');
  const status = await models.status();
  assert.deepEqual(status.loaded, []);
  assert.equal(status.hostRunning, false, 'with nothing loaded the model process has exited');
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('the model process exits when its last model is unloaded, and a new one serves the next request', async () => {
  const models = registry(() => undefined);
  const chat = models.backend('chat');
  await chat.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 });
  await models.backend('embedding').embed(['a note']);
  const first = await models.status();
  assert.equal(first.hostRunning, true);
  const firstPid = first.hostPid!;

  assert.equal(await models.unload('embedding'), true);
  const oneLeft = await models.status();
  assert.equal(oneLeft.hostPid, firstPid, 'a model is still loaded: the same process keeps running');
  assert.deepEqual(oneLeft.loaded.map((m) => m.id), ['tiny-qwen2']);

  assert.equal(await models.unload('chat'), true);
  const none = await models.status();
  assert.equal(none.hostRunning, false);
  assert.equal(none.hostPid, undefined);
  assert.equal(none.hostRssBytes, 0);
  assert.equal(alive(firstPid), false, 'the process is gone, and its memory with it');

  const again = await chat.generate({ messages: [{ role: 'user', content: 'hi again' }], maxTokens: 3 });
  assert.equal(again.usage.completionTokens, 3);
  const restarted = await models.status();
  assert.ok(restarted.hostPid && restarted.hostPid !== firstPid);
  assert.equal(restarted.hostRestarts, 0, 'an exit for lack of models is not a crash');
});

test('a request that arrives while the last model is being unloaded is served, and the process stays', async () => {
  const models = registry(() => undefined);
  const chat = models.backend('chat');
  await chat.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 });
  const [unloaded, result] = await Promise.all([models.unload('chat'), chat.generate({ messages: [{ role: 'user', content: 'still here?' }], maxTokens: 4 })]);
  assert.equal(unloaded, true);
  assert.equal(result.usage.completionTokens, 4);
  const status = await models.status();
  assert.equal(status.hostRunning, true, 'the model was loaded again, so its process did not exit');
  assert.deepEqual(status.loaded.map((m) => m.id), ['tiny-qwen2']);
});

test('asked to exit while busy, the model process exits after its last answer; new work in between keeps it', async () => {
  const host = new ModelHostProcess({ threads: 1 });
  after(() => host.stop());
  const file = testModels().chat;
  const options = { contextSize: 512, threads: 1, parallelSequences: 1 };
  const generate = () => host.request('generate', { path: file, requestJson: JSON.stringify({ history: [{ type: 'user', text: 'hello' }], maxTokens: 24 }) });
  await host.request('load', { path: file, purpose: 'chat', options });

  const first = generate();
  assert.equal(await host.exitWhenIdle(), false, 'a generation is in flight');
  assert.equal(host.running, true);
  await host.request('status', {}); // a status query does not keep it
  assert.equal((await first).completionTokens, 24);
  await waitFor(async () => !host.running, 'the model process exited when idle');
  assert.equal(host.running, false);

  await host.request('load', { path: file, purpose: 'chat', options });
  const second = generate();
  assert.equal(await host.exitWhenIdle(), false);
  const tokens = await host.request('tokenize', { path: file, text: 'more work' });
  assert.ok(tokens.tokens.length > 0);
  await second;
  assert.equal(host.running, true, 'work that came after the request to exit keeps the process');
  assert.equal(host.crashCount, 0);
});

test('with two parallel sequences, a batch of texts is embedded over two contexts and comes back in order', async () => {
  const texts = ['the budget meeting', 'a quick brown fox', 'notes on the canvas', 'the budget meeting', 'hello world', 'local model', 'search the graph'];
  const one = await registry((ai) => {
    ai.parallel_sequences = 1;
  })
    .backend('embedding')
    .embed(texts);
  const two = await registry((ai) => {
    ai.parallel_sequences = 2;
  })
    .backend('embedding')
    .embed(texts);
  assert.equal(two.length, texts.length);
  const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  for (let i = 0; i < texts.length; i++) assert.ok(dot(one[i]!, two[i]!) > 0.9999, `text ${i} has the same vector either way`);
  assert.ok(dot(two[0]!, two[1]!) < 0.9999, 'different texts differ');
});
