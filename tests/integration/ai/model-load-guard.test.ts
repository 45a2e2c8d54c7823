import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ModelRegistry, type RegistryOptions } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig, isSovereignError } from '../../../src/core/index.js';
import { str, strings, writeGguf } from '../../fixtures/gguf/gguf-writer.js';
import { patchArrayLength, patchU32 } from '../../fixtures/gguf/patch-gguf.js';
import { testModels } from '../../support/ai-server.js';
import { runCli } from '../../support/run-cli.js';

/**
 * Every load is preceded by the header check and bounded in time (issue 17
 * item 8): a model named in config goes through the same inspection as
 * "models add", and a load that never ends takes only the model process
 * down, with a clear error.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-load-guard-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function registryFor(chat: string, extra: Partial<RegistryOptions> = {}): ModelRegistry {
  const ai = defaultConfig().ai;
  ai.models.chat = chat;
  ai.context_size = 512;
  ai.idle_unload_minutes = 0;
  const registry = new ModelRegistry({ ai, modelsDir: path.join(tmp, 'models'), ...extra });
  after(() => registry.close());
  return registry;
}

/** A few hundred bytes: an architecture and a vocabulary declared to hold 2^62 strings. */
function writeHugeArrayModel(file: string): void {
  writeGguf(file, [['general.architecture', str('qwen2')], ['tokenizer.ggml.tokens', strings(['a', 'b'])]], []);
  fs.writeFileSync(file, patchArrayLength(fs.readFileSync(file), 'tokenizer.ggml.tokens', 2n ** 62n));
}

function writeTinyQwenWith(file: string, key: string, value: number): void {
  fs.writeFileSync(file, patchU32(fs.readFileSync(testModels().chat), key, value));
}

test('a config-named file declaring 2^62 strings is refused before the model process starts', { timeout: 60_000 }, async () => {
  const file = path.join(tmp, 'huge-array.gguf');
  writeHugeArrayModel(file);
  assert.ok(fs.statSync(file).size < 200, 'the whole file is a few hundred bytes');
  const registry = registryFor(file);
  await assert.rejects(registry.backend('chat').generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'model'), String(error));
    assert.match(error.message, /huge-array\.gguf is not loaded: .*declares 4611686018427387904 array items, impossible/);
    return true;
  });
  assert.equal(registry.host.startCount, 0, 'llama.cpp never saw the file');
});

test('block_count = 100000 is refused by "models add" and by a load from config', { timeout: 60_000 }, async () => {
  const file = path.join(tmp, 'many-blocks.gguf');
  writeTinyQwenWith(file, 'qwen2.block_count', 100_000);
  const added = runCli(['models', 'add', file]);
  assert.equal(added.status, 1, added.stdout);
  assert.match(added.stderr, /qwen2\.block_count = 100000, beyond the limit of 1024/);
  const registry = registryFor(file);
  await assert.rejects(registry.load('chat'), /many-blocks\.gguf is not loaded: .*qwen2\.block_count = 100000/);
  assert.equal(registry.host.startCount, 0);
});

test('a file that was fine when added but replaced by a damaged one is checked again at the next load', { timeout: 60_000 }, async () => {
  const file = path.join(tmp, 'replaced.gguf');
  fs.copyFileSync(testModels().chat, file);
  const registry = registryFor(file);
  await registry.load('chat');
  await registry.unload('chat');
  writeTinyQwenWith(file, 'qwen2.context_length', 2 ** 31);
  await assert.rejects(registry.load('chat'), /qwen2\.context_length = 2147483648, beyond the limit/);
});

test('a load that outlasts its time limit stops the model process and says so', { timeout: 60_000 }, async () => {
  // 1 ms: no load is that fast, so this one stands for a load that never ends.
  const registry = registryFor(testModels().chat, { loadTimeoutMs: 1 });
  await assert.rejects(registry.load('chat'), (error: unknown) => {
    assert.ok(isSovereignError(error, 'timeout'), String(error));
    assert.match(error.message, /Loading tiny-qwen2\.gguf took longer than 0\.001 s, so the model process was stopped/);
    return true;
  });
  assert.equal(registry.host.running, false, 'the model process is gone');
  assert.equal((await registry.status()).loaded.length, 0);
});
