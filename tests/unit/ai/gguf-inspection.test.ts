import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { inspectModel } from '../../../src/ai/gguf/model-metadata.js';
import { isSovereignError } from '../../../src/core/index.js';
import { str, strings, u32, writeGguf } from '../../fixtures/gguf/gguf-writer.js';
import { patchArrayLength, patchU32 } from '../../fixtures/gguf/patch-gguf.js';
import { testModels } from '../../support/ai-server.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-gguf-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the generated chat and embedding models are read without loading them', () => {
  const models = testModels();
  const chat = inspectModel(models.chat);
  assert.equal(chat.architecture, 'qwen2');
  assert.equal(chat.kind, 'chat');
  assert.equal(chat.hasChatTemplate, true);
  assert.equal(chat.embeddingLength, 64);
  assert.ok(chat.vocabularySize > 256);
  const bert = inspectModel(models.embedding);
  assert.equal(bert.kind, 'embedding');
});

test('the malformed model is caught by its missing key', () => {
  assert.throws(() => inspectModel(testModels().malformed), /missing required metadata: qwen2\.feed_forward_length/);
});

test('a truncated model is reported as truncated', () => {
  const file = path.join(tmp, 'truncated.gguf');
  const whole = fs.readFileSync(testModels().chat);
  fs.writeFileSync(file, whole.subarray(0, whole.length - 1000));
  assert.throws(() => inspectModel(file), /truncated/);
  fs.writeFileSync(file, whole.subarray(0, 5000));
  assert.throws(() => inspectModel(file), /ends inside its header/);
});

test('a hostile length is refused without allocating it', () => {
  const file = path.join(tmp, 'hostile.gguf');
  const header = Buffer.alloc(24);
  header.write('GGUF', 0, 'latin1');
  header.writeUInt32LE(3, 4);
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(2n ** 60n, 16);
  fs.writeFileSync(file, header);
  assert.throws(() => inspectModel(file), (error: unknown) => isSovereignError(error, 'invalid-input') && /impossible/.test(error.message));
});

test('a file that is not GGUF, and an unsupported architecture, are named as such', () => {
  const text = path.join(tmp, 'text.gguf');
  fs.writeFileSync(text, 'hello, this is not a model at all, just text');
  assert.throws(() => inspectModel(text), /GGUF signature/);
  const whisper = path.join(tmp, 'whisper.gguf');
  writeGguf(whisper, [['general.architecture', str('whisper')], ['general.alignment', u32(32)]], []);
  assert.throws(() => inspectModel(whisper), (error: unknown) => isSovereignError(error, 'unsupported'));
});

test('every count in the header is bounded by the bytes that follow it', () => {
  const file = path.join(tmp, 'counts.gguf');
  writeGguf(file, [['general.architecture', str('qwen2')], ['tokenizer.ggml.tokens', strings(['a', 'b', 'c'])]], []);
  const whole = fs.readFileSync(file);
  // Ten strings of at least 8 bytes each cannot fit where three of 9 bytes and under 32 bytes of padding remain.
  fs.writeFileSync(file, patchArrayLength(Buffer.from(whole), 'tokenizer.ggml.tokens', 10n));
  assert.throws(() => inspectModel(file), /declares 10 array items, impossible in the \d+ bytes that follow/);
  const tensors = Buffer.from(whole);
  tensors.writeBigUInt64LE(1000n, 8);
  fs.writeFileSync(file, tensors);
  assert.throws(() => inspectModel(file), /declares 1000 tensors, impossible/);
});

test('hyperparameters beyond any real model are refused, naming the key', () => {
  const file = path.join(tmp, 'hyper.gguf');
  const cases: [string, number, RegExp][] = [
    ['qwen2.context_length', 2 ** 30, /qwen2\.context_length = 1073741824, beyond the limit of 16777216/],
    ['qwen2.embedding_length', 1_000_000, /qwen2\.embedding_length = 1000000/],
    ['qwen2.attention.head_count', 70_000, /qwen2\.attention\.head_count = 70000/],
    ['qwen2.block_count', 3, /qwen2\.block_count = 3, beyond the 2 layers the file has tensors for/],
  ];
  for (const [key, value, pattern] of cases) {
    fs.writeFileSync(file, patchU32(fs.readFileSync(testModels().chat), key, value));
    assert.throws(() => inspectModel(file), (error: unknown) => isSovereignError(error, 'invalid-input') && pattern.test(error.message), key);
  }
});

test('an alignment that is not a power of two is refused', () => {
  const file = path.join(tmp, 'alignment.gguf');
  fs.writeFileSync(file, patchU32(fs.readFileSync(testModels().chat), 'general.alignment', 48));
  assert.throws(() => inspectModel(file), /general\.alignment must be a power of two/);
});
