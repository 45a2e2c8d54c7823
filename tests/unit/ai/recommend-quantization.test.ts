import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recommendQuantization } from '../../../src/ai/manager/recommend-quantization.js';

const GB = 1024 ** 3;
const avx2 = ['avx', 'avx2', 'fma'];
const noGpu = { available: false, devices: [] };

test('plenty of memory gets Q8_0 for a 3B model', () => {
  assert.equal(recommendQuantization({ totalMemoryBytes: 32 * GB, cpuFeatures: avx2, gpu: noGpu }).quantization, 'Q8_0');
});

test('8 GB gets Q5_K_M, 4 GB gets Q4_K_M', () => {
  assert.equal(recommendQuantization({ totalMemoryBytes: 8 * GB, cpuFeatures: avx2, gpu: noGpu }).quantization, 'Q5_K_M');
  assert.equal(recommendQuantization({ totalMemoryBytes: 4 * GB, cpuFeatures: avx2, gpu: noGpu }).quantization, 'Q4_K_M');
});

test('a CPU without AVX2 gets Q4_K_M whatever the memory', () => {
  assert.equal(recommendQuantization({ totalMemoryBytes: 64 * GB, cpuFeatures: ['avx'], gpu: noGpu }).quantization, 'Q4_K_M');
});

test('a model too large for the machine is flagged as not fitting', () => {
  const r = recommendQuantization({ totalMemoryBytes: 8 * GB, cpuFeatures: avx2, gpu: noGpu }, 70e9);
  assert.equal(r.quantization, 'Q4_K_M');
  assert.equal(r.fits, false);
});
