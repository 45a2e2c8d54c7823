import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { FileCipher } from '../../../src/core/crypto/index.js';
import { readIndexFile, writeIndexFile } from '../../../src/search/index-file.js';
import { InvertedIndex, type IndexedDocument } from '../../../src/search/inverted-index.js';
import { PackedStrings } from '../../../src/search/string-list.js';
import { tempDir } from '../../support/store.js';

function doc(id: string, title: string, content: string): IndexedDocument {
  return { id, title, text: content, content, docType: 'markdown', threadId: id.startsWith('t') ? 'thread-1' : null, modifiedAt: 1 };
}

const DOCUMENTS = [
  doc('a', 'Café budget', 'The budget for the café, in euros.'),
  doc('b', '会议记录', '我们今天讨论了明年的预算问题。'),
  doc('t1', 'Orchard plans', 'Walnut and quince trees because the soil is deep.'),
];

async function saved(documents: IndexedDocument[]): Promise<{ file: string; fresh: InvertedIndex }> {
  const fresh = new InvertedIndex();
  for (const d of documents) fresh.upsert(d);
  const file = path.join(tempDir(), 'search-index.bin');
  await writeIndexFile(file, fresh.columns(), 'test://', 7);
  return { file, fresh };
}

const found = (index: InvertedIndex, query: string) => index.search(query, 10).hits.map((hit) => `${index.id(hit.ordinal)}|${index.title(hit.ordinal)}|${hit.score.toFixed(5)}`);

test('an index read back from its file finds and ranks exactly as the one that was saved', async () => {
  const { file, fresh } = await saved(DOCUMENTS);
  const read = await readIndexFile(file, 'test://');
  assert.ok(read);
  assert.equal(read.watermark, 7);
  const loaded = new InvertedIndex(read.columns);
  for (const query of ['budget ', 'caf', 'b', '预算', 'the who ', 'because', 'be', 'quince walnut ', 'orchrad ']) {
    assert.deepEqual(found(loaded, query), found(fresh, query), query);
  }
  assert.equal(loaded.threadId(loaded.search('quince ', 1).hits[0]!.ordinal), 'thread-1');
  // Changes on top of the loaded file: the id of a saved document is known.
  loaded.upsert(doc('a', 'Café accounts', 'Receipts only.'));
  assert.deepEqual(found(loaded, 'budget '), [], 'the replaced version is gone');
  assert.equal(loaded.size, 3);
  loaded.close();
});

test('a posting that points past the last document reads as no match, never as another document', async () => {
  const { file } = await saved(DOCUMENTS);
  const bytes = fs.readFileSync(file);
  const headerLength = bytes.readUInt32LE(bytes.length - 12);
  const header = JSON.parse(bytes.toString('utf8', bytes.length - 12 - headerLength, bytes.length - 12)) as { sections: Record<string, [number, number]> };
  const [postingsAt, count] = header.sections['postings']!;
  // Every posting of every term now points at document 0xffffffff.
  bytes.fill(0xff, postingsAt, postingsAt + count * 4);
  fs.writeFileSync(file, bytes);
  const loaded = new InvertedIndex((await readIndexFile(file, 'test://'))!.columns);
  assert.deepEqual(found(loaded, 'budget '), []);
  loaded.close();
});

test('packed strings give back every string, multi-byte ones included, and reject ends that fall outside the bytes', () => {
  const strings = ['', 'budget', 'café', '预算', 'x'.repeat(300)];
  const { bytes, ends } = PackedStrings.pack(strings);
  const packed = new PackedStrings(bytes, ends);
  assert.deepEqual(Array.from({ length: packed.length }, (_, i) => packed.at(i)), strings);
  assert.equal(packed.at(5), undefined);
  assert.ok(PackedStrings.valid(bytes.length, ends));
  assert.ok(!PackedStrings.valid(bytes.length - 1, ends));
  assert.ok(!PackedStrings.valid(bytes.length, Uint32Array.from([4, 2])));
});

test('in a vault the saved index holds no word in the clear, reads back ranking the same, and a tampered one is refused as damaged', async () => {
  const files = new FileCipher(randomBytes(32));
  const fresh = new InvertedIndex();
  for (const d of DOCUMENTS) fresh.upsert(d);
  const file = path.join(tempDir(), 'search-index.bin');
  await writeIndexFile(file, fresh.columns(), 'test://', 7, files);
  const bytes = fs.readFileSync(file);
  for (const word of ['quince', 'Orchard', 'budget', '预算']) assert.equal(bytes.includes(Buffer.from(word)), false, word);
  const read = await readIndexFile(file, 'test://', files);
  assert.ok(read);
  const loaded = new InvertedIndex(read.columns);
  for (const query of ['budget ', 'caf', '预算', 'quince walnut ']) assert.deepEqual(found(loaded, query), found(fresh, query), query);
  assert.match(loaded.search('quince ', 1).hits.map((hit) => loaded.id(hit.ordinal)).join(), /^t1$/);
  loaded.close();

  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 40]! ^= 1;
  fs.writeFileSync(file, flipped);
  await assert.rejects(readIndexFile(file, 'test://', files), /the sealed index did not open: it failed authentication/);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 1));
  await assert.rejects(readIndexFile(file, 'test://', files), /the sealed index did not open: it is truncated/);
});

test('a vault index of many documents reads every text and ranking back as written, and once closed answers nothing from what it decrypted', async () => {
  const files = new FileCipher(randomBytes(32));
  const words = ['harbour', 'ledger', 'quince', 'signal', 'orchard', 'budget', 'window', 'letter'];
  // ~300 KB of text: many of the index's sealed chunks, so texts and postings straddle them.
  const documents = Array.from({ length: 600 }, (_, i) =>
    doc(`d${i}`, `Note ${i} ${words[i % words.length]}`, Array.from({ length: 80 }, (_, w) => words[(i * 3 + w * 5 + (w >> 2)) % words.length]).join(' ') + ` n${i}`),
  );
  const fresh = new InvertedIndex();
  for (const d of documents) fresh.upsert(d);
  const file = path.join(tempDir(), 'search-index.bin');
  await writeIndexFile(file, fresh.columns(), 'test://', 7, files);
  const read = await readIndexFile(file, 'test://', files);
  assert.ok(read);
  const loaded = new InvertedIndex(read.columns);
  for (const [d, { text }] of documents.entries()) assert.equal(loaded.text(loaded.find(`d${d}`)!), text, `d${d}`);
  for (const query of ['quince ', 'harbour letter', 'n599 ', 'sig', 'ledger orchard window ']) assert.deepEqual(found(loaded, query), found(fresh, query), query);

  loaded.close();
  assert.equal(loaded.text(0), '', 'no text after close');
  assert.throws(() => loaded.search('quince ', 5), /the sealed file was closed/, 'no posting list from memory after close');
});
