import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chooseChatModel } from '../../../src/ai/manager/chat-model-offer.js';
import { loadCatalog, type CatalogEntry } from '../../../src/ai/manager/model-catalog.js';
import { isSovereignError } from '../../../src/core/index.js';

const GB = 1024 ** 3;
const avx2 = ['avx', 'avx2', 'fma'];
const noGpu = { available: false, devices: [] };

const entry = (quantization: string, gigabytes: number): CatalogEntry => ({
  name: `model-${quantization.toLowerCase()}`,
  title: 'Model 3B',
  quantization,
  parameters: 3e9,
  sizeBytes: Math.round(gigabytes * GB),
  url: `https://models.example/model-${quantization}.gguf`,
  sha256: 'a'.repeat(64),
});
const catalog = { chat: [entry('Q8_0', 3.2), entry('Q5_K_M', 2.2), entry('Q4_K_M', 1.9)] };

test('a 32 GB machine with AVX2 is offered the Q8_0 file, a 4 GB one the Q4_K_M file', () => {
  assert.equal(chooseChatModel({ totalMemoryBytes: 32 * GB, cpuFeatures: avx2, gpu: noGpu }, catalog)?.entry.quantization, 'Q8_0');
  assert.equal(chooseChatModel({ totalMemoryBytes: 4 * GB, cpuFeatures: avx2, gpu: noGpu }, catalog)?.entry.quantization, 'Q4_K_M');
});

test('the offer says why that file was chosen, in terms of this machine’s memory', () => {
  const offer = chooseChatModel({ totalMemoryBytes: 8 * GB, cpuFeatures: avx2, gpu: noGpu }, catalog)!;
  assert.equal(offer.entry.quantization, 'Q5_K_M');
  assert.match(offer.reason, /8\.0 GB/);
  assert.equal(offer.fits, true);
});

test('without the recommended quantisation in the catalog, the largest file that fits in half the memory is offered', () => {
  const partial = { chat: [entry('Q8_0', 3.2), entry('Q4_K_M', 1.9)] };
  // 8 GB recommends Q5_K_M, which this catalog lacks; Q8_0 needs ~6.4 GB > 4 GB, Q4_K_M ~3.8 GB fits.
  assert.equal(chooseChatModel({ totalMemoryBytes: 8 * GB, cpuFeatures: avx2, gpu: noGpu }, partial)?.entry.quantization, 'Q4_K_M');
});

test('an empty catalog offers nothing', () => {
  assert.equal(chooseChatModel({ totalMemoryBytes: 32 * GB, cpuFeatures: avx2, gpu: noGpu }, { chat: [] }), undefined);
});

test('a catalog file with an entry lacking its sha256 is refused, naming the file and the field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-catalog-'));
  try {
    const file = path.join(dir, 'catalog.json');
    const { sha256: _hash, ...withoutHash } = entry('Q4_K_M', 1.9);
    fs.writeFileSync(file, JSON.stringify({ chat: [withoutHash] }));
    assert.throws(() => loadCatalog(file), (error) => isSovereignError(error, 'invalid-input') && error.message.includes(file) && error.message.includes('chat.0.sha256'));
    fs.writeFileSync(file, '{ not json');
    assert.throws(() => loadCatalog(file), (error) => isSovereignError(error, 'invalid-input') && error.message.includes('not JSON'));
    assert.throws(() => loadCatalog(path.join(dir, 'missing.json')), (error) => isSovereignError(error, 'io') && error.message.includes('missing.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
