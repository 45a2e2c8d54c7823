import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { defaultConfig } from '../../../src/core/index.js';
import { SemanticIndex, SentenceEncoder, openEmbedder } from '../../../src/retrieval/index.js';
import { readVectorIndexFile } from '../../../src/retrieval/vector-index-file.js';
import { TINY_BERT, writeBertModel } from '../../fixtures/gguf/bert-model.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const NOTES = [
  { title: 'Sourdough', content: '# Starter\n\nFeed the starter with flour and water every day.\n\n# Baking\n\nBake the loaf in a hot oven until the crust is dark.' },
  { title: 'Bicycle repair', content: 'To fix a flat tyre, remove the wheel, find the puncture and patch the inner tube.' },
  { title: 'Tax return', content: 'Gather the receipts and payslips before filing the annual income declaration.' },
];

function registryWithEmbedding(file: string): ModelRegistry {
  const config = defaultConfig();
  config.ai.models.embedding = file;
  config.ai.idle_unload_minutes = 0;
  return new ModelRegistry({ ai: config.ai, modelsDir: path.dirname(file) });
}

test('an installed GGUF embedding model takes over from the built-in encoder and the 512-d index is rebuilt at 384-d, not mixed', async () => {
  const store = await openTestStore('rocksdb');
  for (const note of NOTES) await store.createDocument({ ...note, docType: 'markdown' });
  const file = path.join(tempDir(), 'vectors.bin');

  const builtin = await SentenceEncoder.open();
  const first = await SemanticIndex.open(store, builtin, { file });
  await first.run();
  await first.close();
  await builtin.close();
  assert.equal(readVectorIndexFile(file)!.dimensions, 512);

  // bge-small's width (384) in one layer: the swap is about dimensions, and a small model keeps the test quick.
  const model = path.join(tempDir(), 'bge-small-width.gguf');
  writeBertModel(model, { ...TINY_BERT, name: 'bge-small-width', embedding: 384, heads: 12, feedForward: 1536, layers: 1, weights: 'Q8_0' });
  const registry = registryWithEmbedding(model);
  try {
    const { embedder, fallbackReason } = await openEmbedder(registry);
    assert.equal(fallbackReason, undefined);
    assert.equal(embedder.dimensions, 384);
    assert.match(embedder.id, /^gguf:bge-small-width\.gguf:/);

    const second = await SemanticIndex.open(store, embedder, { file });
    // Nothing of the 512-d index is kept: every document waits for the new model.
    assert.deepEqual(second.status(), { model: embedder.id, documents: 0, passages: 0, pending: 3, paused: false });
    await second.run();
    await second.close();
    const saved = readVectorIndexFile(file)!;
    assert.equal(saved.dimensions, 384);
    assert.equal(saved.model, embedder.id);
    assert.equal(saved.rows.slots, 4);
    saved.vectors.close();

    const third = await SemanticIndex.open(store, embedder, { file });
    assert.deepEqual(third.status(), { model: embedder.id, documents: 3, passages: 4, pending: 0, paused: false });
    const hits = await third.search('flat tyre', 3);
    assert.deepEqual(new Set(hits.map((h) => h.title)), new Set(NOTES.map((n) => n.title)));
    await third.close();
  } finally {
    await registry.close();
    await store.close();
  }
});

test('an embedding model whose file is missing leaves the built-in encoder in charge and says why', async () => {
  const missing = path.join(tempDir(), 'gone.gguf');
  const { embedder, fallbackReason } = await openEmbedder(registryWithEmbedding(missing));
  try {
    assert.equal(embedder.dimensions, 512);
    assert.match(embedder.id, /^builtin:/);
    assert.ok(fallbackReason?.includes(missing), fallbackReason);
  } finally {
    await embedder.close();
  }
});

test('a passage longer than the embedding model reads is embedded from its beginning instead of failing the batch', async () => {
  const model = path.join(tempDir(), 'short-window.gguf');
  writeBertModel(model, { ...TINY_BERT, name: 'short-window', contextLength: 128 });
  const registry = registryWithEmbedding(model);
  try {
    const { embedder } = await openEmbedder(registry);
    // Words outside the fixture's vocabulary split into many pieces: far more than 128 tokens.
    const long = Array.from({ length: 300 }, (_, i) => `zq${i}x`).join(' ');
    assert.ok((await registry.backend('embedding').countTokens(long)) > 128);
    const [short, cut] = await embedder.embed(['the budget meeting', long]);
    assert.equal(cut!.length, embedder.dimensions);
    assert.ok(Math.abs(Math.hypot(...cut!) - 1) < 1e-4, 'a unit vector');
    assert.ok(Math.abs(Math.hypot(...short!) - 1) < 1e-4, 'the other text of the batch is embedded too');
  } finally {
    await registry.close();
  }
});
