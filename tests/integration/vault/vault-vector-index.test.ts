import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { SemanticIndex, SentenceEncoder, type Embedder } from '../../../src/retrieval/index.js';
import { PLAIN_FIELDS, openStore, sealedFields, type FieldCipher, type GraphStore } from '../../../src/store/index.js';
import { createVault } from '../../../src/vault/index.js';
import { exitWhenDone, tempDir } from '../../support/store.js';

exitWhenDone();

const PASSPHRASE = 'correct horse battery staple';
// Cheap Argon2id: this test is about the vector index at rest, the unlock cost is measured by tests/bench/vault.
const kdfCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** Words no other file on the machine holds. */
const KNOWN_PASSAGE = 'The quokka ferry leaves the harbour at dawn 5581 when the tide is high.';
const NOTES = [
  { id: 'ferry', title: 'Ferry timetable', content: KNOWN_PASSAGE },
  { id: 'bread', title: 'Sourdough', content: 'Feed the starter with flour and water, then let the dough rise overnight before baking.' },
  { id: 'taxes', title: 'Tax return', content: 'The income tax declaration is due at the end of May; keep the receipts from the accountant.' },
];

/** The sentence encoder, counting the texts it is asked to embed and keeping the vectors it gave. */
class CountingEmbedder implements Embedder {
  texts = 0;
  readonly given: Float32Array[] = [];
  constructor(private readonly encoder: SentenceEncoder) {}
  get id(): string {
    return this.encoder.id;
  }
  get dimensions(): number {
    return this.encoder.dimensions;
  }
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    this.texts += texts.length;
    const vectors = await this.encoder.embed(texts, signal);
    this.given.push(...vectors);
    return vectors;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A float32 rounded to IEEE half precision, as usearch stores the graph's vectors (round to nearest even). */
function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    // Subnormal half: the vectors' small components land here.
    if (exponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - exponent;
    const half = full >> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (rest > halfway || (rest === halfway && (half & 1) === 1) ? half + 1 : half);
  }
  const half = (exponent << 10) | (mantissa >> 13);
  const rest = mantissa & 0x1fff;
  return sign | (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}

/** 16 components of a vector, as the bytes a plain file would hold: Float32 and f16, little-endian. */
function vectorBytes(vector: Float32Array): { f32: Buffer; f16: Buffer } {
  const part = vector.slice(8, 24);
  const f16 = Buffer.alloc(part.length * 2);
  part.forEach((value, i) => f16.writeUInt16LE(toHalf(value), i * 2));
  return { f32: Buffer.from(part.buffer, part.byteOffset, part.byteLength), f16 };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

function filesHolding(dir: string, bytes: Buffer): string[] {
  return filesUnder(dir).filter((file) => fs.readFileSync(file).includes(bytes));
}

interface Workspace {
  dir: string;
  file: string;
  store: GraphStore;
}

// Made here, not in before(): a temp dir's removal registered inside a hook runs when the hook ends.
const vaultDir = tempDir('sovereign-vault-vectors-');
const plainDir = tempDir('sovereign-plain-vectors-');

async function workspace(dir: string, cipher: (dir: string) => Promise<FieldCipher>): Promise<Workspace> {
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: dir }), { url: `rocksdb://${path.join(dir, 'database')}`, cipher: await cipher(dir) });
  for (const note of NOTES) await store.createDocument({ ...note, docType: 'markdown' });
  return { dir, file: path.join(dir, 'cache', 'vector-index.bin'), store };
}

let encoder: SentenceEncoder;
let vault: Workspace;
let plain: Workspace;
/** Texts embedded when the vault was first indexed, and after it was closed and opened again. */
let firstRun = 0;
let secondRun = 0;
/** The vectors each workspace's encoder gave when it was indexed. */
let vaultVectors: Float32Array[] = [];
let plainVectors: Float32Array[] = [];
let found: string[] = [];

before(async () => {
  encoder = await SentenceEncoder.open();
  vault = await workspace(vaultDir, async (dir) => sealedFields((await createVault(dir, PASSPHRASE, { kdfCost })).dataKey));
  plain = await workspace(plainDir, () => Promise.resolve(PLAIN_FIELDS));

  const counting = new CountingEmbedder(encoder);
  const first = await SemanticIndex.open(vault.store, counting, { file: vault.file });
  await first.run();
  await first.close();
  firstRun = counting.texts;
  vaultVectors = [...counting.given];

  counting.texts = 0;
  const second = await SemanticIndex.open(vault.store, counting, { file: vault.file });
  await second.run();
  secondRun = counting.texts;
  found = (await second.search('when does the boat depart from the port in the morning', 3)).map((hit) => hit.documentId);
  await second.close();

  const plainCounting = new CountingEmbedder(encoder);
  const plainIndex = await SemanticIndex.open(plain.store, plainCounting, { file: plain.file });
  await plainIndex.run();
  await plainIndex.close();
  plainVectors = plainCounting.given;
});

after(async () => {
  await vault.store.close();
  await plain.store.close();
  await encoder.close();
});

test('a vault\'s vector index is kept on disk: closed and opened again, nothing is embedded again and a search by meaning finds the note', () => {
  assert.ok(firstRun >= NOTES.length, `indexing embedded every note (${firstRun} texts)`);
  assert.ok(fs.existsSync(vault.file), 'the index file was written');
  assert.equal(secondRun, 0, 'reopening the index embedded nothing');
  assert.equal(found[0], 'ferry', `a question worded differently finds the ferry note first (${found.join(', ')})`);
});

test('no file of a vault holds a known passage\'s text or title, or the bytes of its vectors in Float32 or f16', () => {
  assert.equal(fs.readFileSync(vault.file).subarray(0, 4).toString(), 'SVF1', 'the index file is sealed');
  assert.deepEqual(filesHolding(vault.dir, Buffer.from('quokka ferry')), []);
  assert.deepEqual(filesHolding(vault.dir, Buffer.from('Ferry timetable')), []);
  assert.equal(vaultVectors.length, firstRun);
  for (const vector of vaultVectors) {
    const { f32, f16 } = vectorBytes(vector);
    assert.deepEqual(filesHolding(vault.dir, f32), []);
    assert.deepEqual(filesHolding(vault.dir, f16), []);
  }
  assert.deepEqual(
    filesUnder(path.dirname(vault.file)).filter((file) => file.endsWith('.usearch')),
    [],
    'no graph file is written in the clear',
  );
});

test('the same notes indexed without a vault hold their vectors\' bytes on disk, so the search above can see them', () => {
  assert.equal(plainVectors.length, NOTES.length);
  for (const vector of plainVectors) {
    const { f32, f16 } = vectorBytes(vector);
    assert.deepEqual(filesHolding(plain.dir, f32), [plain.file], 'the plain index file holds the Float32 vector');
    assert.equal(filesHolding(plain.dir, f16).filter((file) => file.endsWith('.usearch')).length, 1, 'the plain graph holds the f16 vector');
  }
  assert.notDeepEqual(filesHolding(plain.dir, Buffer.from('Ferry timetable')), []);
});
