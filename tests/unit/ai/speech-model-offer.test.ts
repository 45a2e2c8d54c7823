import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadCatalog, BUILT_IN_CATALOG, type SpeechCatalogEntry } from '../../../src/ai/manager/model-catalog.js';
import { chooseSpeechModel } from '../../../src/ai/manager/speech-model-offer.js';
import { isSovereignError } from '../../../src/core/index.js';
import { tempDir } from '../../support/store.js';

const GB = 1024 ** 3;
const entry = (name: string, size: SpeechCatalogEntry['size'], english: boolean, sizeBytes: number): SpeechCatalogEntry => ({
  name,
  title: name,
  size,
  english,
  sizeBytes,
  url: `https://models.example/${name}.bin`,
  sha256: 'a'.repeat(64),
});
const speech = [entry('ggml-tiny', 'tiny', false, 75e6), entry('ggml-base.en', 'base', true, 142e6), entry('ggml-base', 'base', false, 142e6), entry('ggml-small.en', 'small', true, 466e6)];

test('a computer with 16 GB and AVX2 is offered whisper small', () => {
  assert.equal(chooseSpeechModel({ totalMemoryBytes: 16 * GB, cpuFeatures: ['avx2'] }, { speech })?.entry.name, 'ggml-small.en');
});

test('a computer with 4 GB is offered whisper base, the English-only one for an English speaker', () => {
  assert.equal(chooseSpeechModel({ totalMemoryBytes: 4 * GB, cpuFeatures: ['avx2'] }, { speech })?.entry.name, 'ggml-base.en');
  assert.equal(chooseSpeechModel({ totalMemoryBytes: 4 * GB, cpuFeatures: ['avx2'] }, { speech }, 'de')?.entry.name, 'ggml-base');
});

test('a CPU without AVX2 is not offered whisper small, however much RAM it has', () => {
  assert.equal(chooseSpeechModel({ totalMemoryBytes: 32 * GB, cpuFeatures: [] }, { speech })?.entry.size, 'base');
});

test('a computer with 2 GB is offered whisper tiny, with the reason naming its RAM', () => {
  const offer = chooseSpeechModel({ totalMemoryBytes: 2 * GB, cpuFeatures: ['avx2'] }, { speech });
  assert.equal(offer?.entry.name, 'ggml-tiny');
  assert.match(offer?.reason ?? '', /tiny.*2(\.0)? GB/);
});

test('the built-in catalog offers no speech model (no hash can be checked here); a catalog file can', () => {
  assert.equal(chooseSpeechModel({ totalMemoryBytes: 16 * GB, cpuFeatures: ['avx2'] }, BUILT_IN_CATALOG), undefined);
  const file = path.join(tempDir('sovereign-catalog-'), 'catalog.json');
  fs.writeFileSync(file, JSON.stringify({ speech }));
  const catalog = loadCatalog(file);
  assert.deepEqual(catalog.chat, []);
  assert.equal(catalog.speech.length, 4);
});

test('a catalog speech entry of an unknown size is refused, naming where', () => {
  const file = path.join(tempDir('sovereign-catalog-'), 'catalog.json');
  fs.writeFileSync(file, JSON.stringify({ speech: [{ ...speech[0], size: 'huge' }] }));
  assert.throws(() => loadCatalog(file), (error: unknown) => isSovereignError(error, 'invalid-input') && /speech\.0\.size/.test(error.message));
});
