import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createVault } from '../../../src/vault/index.js';
import { tempDir } from '../../support/store.js';

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'vault-workspace.js');
// The helper's words, spelled out here rather than imported: importing it would run it.
const KNOWN_TITLE = 'Quokka Harbour Accord';
const KNOWN_PHRASE = 'the lighthouse keeper signs on Thursday 7719';
const PASSPHRASE = 'correct horse battery staple';
// Cheap Argon2id: this test is about the data at rest, the unlock cost is measured by tests/bench/vault.
const kdfCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** Runs the helper; `passphrase` '-' writes a plain workspace. */
function workspace(dataDir: string, command: string, rest: string[] = [], passphrase = PASSPHRASE): string {
  return execFileSync(process.execPath, [helper, command, dataDir, passphrase, ...rest], { encoding: 'utf8', timeout: 60_000 });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every file that holds the text, in UTF-8 or UTF-16 (either byte order is how an engine might store it). */
function filesHolding(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()];
  return filesUnder(dir).filter((file) => {
    const bytes = fs.readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/** Every file under `dir` that holds `bytes`. */
function filesHoldingBytes(dir: string, bytes: Buffer): string[] {
  return filesUnder(dir).filter((file) => fs.readFileSync(file).includes(bytes));
}

const sealedDir = tempDir('sovereign-vault-');
/** A second vault holding only imported originals, so the first one's documents stay as the dump test expects. */
const attachedDir = tempDir('sovereign-vault-');
const originals = tempDir('sovereign-originals-');
const ATTACHED_PHRASE = 'the harbour pilot boards at dawn 4402';
const pngFile = path.join(originals, 'harbour chart.png');
const htmlFile = path.join(originals, 'pilot notes.html');
let attachedRefs: string[] = [];

async function writeOriginals(): Promise<void> {
  // Noise, so no run of its bytes can be found by chance in any other file.
  const pixels = Buffer.from(Array.from({ length: 48 * 48 * 3 }, (_, i) => (i * 7919 + (i >> 3) * 104729) % 251));
  await sharp(pixels, { raw: { width: 48, height: 48, channels: 3 } }).png().toFile(pngFile);
  fs.writeFileSync(htmlFile, `<!doctype html><html><head><title>Pilot notes</title></head><body><article><h1>Pilot notes</h1><p>${ATTACHED_PHRASE}, weather permitting, and leaves by the north channel.</p><p>More words so the reader keeps the article.</p></article></body></html>`);
}

before(async () => {
  await createVault(sealedDir, PASSPHRASE, { kdfCost });
  workspace(sealedDir, 'seed');
  workspace(sealedDir, 'index');
  await createVault(attachedDir, PASSPHRASE, { kdfCost });
  await writeOriginals();
  attachedRefs = JSON.parse(workspace(attachedDir, 'attach', [pngFile, htmlFile])) as string[];
});

test('no file of a vault holds a known document\'s title or a phrase of its content', () => {
  assert.ok(filesUnder(path.join(sealedDir, 'database')).length > 3, 'the database was written to disk');
  for (const name of ['search-index.bin', 'workspace-model.json']) {
    assert.equal(fs.readFileSync(path.join(sealedDir, '.cache', 'sovereign', name)).subarray(0, 4).toString(), 'SVF1', `${name} is kept, sealed`);
  }
  assert.deepEqual(filesHolding(sealedDir, KNOWN_TITLE), []);
  assert.deepEqual(filesHolding(sealedDir, KNOWN_PHRASE), []);
  assert.deepEqual(filesHolding(sealedDir, 'lighthouse keeper'), []);
});

test('no file under a vault\'s data and cache folders holds an imported PNG\'s bytes or a phrase of an imported page', () => {
  assert.equal(attachedRefs.length, 2);
  for (const ref of attachedRefs) assert.match(ref, /^attachments\/[0-9a-f]{64}$/);
  const png = fs.readFileSync(pngFile);
  assert.ok(filesUnder(path.join(attachedDir, 'attachments')).length >= 2, 'the originals were written to disk');
  assert.deepEqual(filesHoldingBytes(attachedDir, png.subarray(png.length / 2 - 32, png.length / 2 + 32)), []);
  assert.deepEqual(filesHolding(attachedDir, ATTACHED_PHRASE), []);
  // The file names do not give away the content hash either.
  const names = filesUnder(path.join(attachedDir, 'attachments')).map((file) => path.basename(file));
  for (const ref of attachedRefs) assert.ok(!names.includes(path.basename(ref)), `${ref} is not stored under its hash`);
});

/** The sha256 of a file, as hex and as raw bytes: either is what someone with the same file would search for. */
function digestsOf(file: string): { hex: string; raw: Buffer } {
  const raw = createHash('sha256').update(fs.readFileSync(file)).digest();
  return { hex: raw.toString('hex'), raw };
}

test('no file or file name under a vault\'s data and cache folders holds an imported file\'s sha256, in hex or raw', () => {
  for (const original of [pngFile, htmlFile]) {
    const { hex, raw } = digestsOf(original);
    assert.deepEqual(filesHolding(attachedDir, hex), [], `${path.basename(original)}: its hash in hex`);
    assert.deepEqual(filesHolding(attachedDir, hex.toUpperCase()), [], `${path.basename(original)}: its hash in upper-case hex`);
    assert.deepEqual(filesHoldingBytes(attachedDir, raw), [], `${path.basename(original)}: its hash as bytes`);
    const names = fs.readdirSync(attachedDir, { recursive: true, encoding: 'utf8' });
    assert.deepEqual(names.filter((name) => name.toLowerCase().includes(hex)), [], `${path.basename(original)}: a file named by its hash`);
  }
  // The store still gives the references back, so the originals open (see "Show Original" below).
  assert.deepEqual(attachedRefs.map((ref) => ref.slice('attachments/'.length)).sort(), [digestsOf(pngFile).hex, digestsOf(htmlFile).hex].sort());
});

test('a vault whose documents hold their hashes in the clear (written before they were sealed) reads them back and seals them at its next open', async () => {
  const dir = tempDir('sovereign-vault-');
  await createVault(dir, PASSPHRASE, { kdfCost });
  workspace(dir, 'attach', [pngFile, htmlFile]);
  const sealed = JSON.parse(workspace(dir, 'hashes')) as [string | null, string | null][];
  workspace(dir, 'unseal-hashes');
  const expected = [pngFile, htmlFile].map((file) => digestsOf(file).hex);
  const plainOnDisk = (JSON.parse(workspace(dir, 'raw-hashes')) as [string | null, string | null][]).flat();
  for (const hex of expected) assert.ok(plainOnDisk.some((value) => value?.includes(hex)), 'the older layout holds the hashes in the clear');

  assert.deepEqual(JSON.parse(workspace(dir, 'hashes')), sealed, 'the store reads the plain hashes as the sealed ones');
  const stored = (JSON.parse(workspace(dir, 'raw-hashes')) as [string | null, string | null][]).flat().filter((value) => value !== null);
  assert.ok(stored.length >= 2);
  for (const value of stored) for (const hex of expected) assert.ok(!value.includes(hex), `sealed at the open before: ${value.slice(0, 20)}…`);
  assert.deepEqual(JSON.parse(workspace(dir, 'hashes')), sealed, 'and reads them back sealed');
});

test('"Show Original" in a vault gives back the imported bytes unchanged, in a folder only the user can enter', () => {
  const runtime = path.join(tempDir('sovereign-runtime-'), 'originals');
  const [pngRef, htmlRef] = attachedRefs as [string, string];
  const shownPng = workspace(attachedDir, 'original', [pngRef, 'harbour chart.png', runtime]);
  const shownHtml = workspace(attachedDir, 'original', [htmlRef, 'pilot notes.html', runtime]);
  assert.deepEqual(fs.readFileSync(shownPng), fs.readFileSync(pngFile));
  assert.deepEqual(fs.readFileSync(shownHtml), fs.readFileSync(htmlFile));
  assert.equal(path.basename(shownPng), 'harbour chart.png');
  assert.ok(shownPng.startsWith(runtime + path.sep));
  assert.equal(fs.statSync(runtime).mode & 0o777, 0o700);
});

test('an original swapped for another on disk fails loudly instead of showing the other one', () => {
  const dir = path.join(attachedDir, 'attachments');
  const [a, b] = fs.readdirSync(dir).map((name) => path.join(dir, name)) as [string, string];
  const [bytesA, bytesB] = [fs.readFileSync(a), fs.readFileSync(b)];
  try {
    fs.writeFileSync(a, bytesB);
    fs.writeFileSync(b, bytesA);
    const runtime = path.join(tempDir('sovereign-runtime-'), 'originals');
    assert.throws(
      () => execFileSync(process.execPath, [helper, 'original', attachedDir, PASSPHRASE, attachedRefs[0]!, 'x.png', runtime], { encoding: 'utf8', stdio: 'pipe' }),
      (error: { stderr: string }) => error.stderr.includes(`The original ${attachedRefs[0]} did not open: it failed authentication`),
    );
  } finally {
    fs.writeFileSync(a, bytesA);
    fs.writeFileSync(b, bytesB);
  }
});

test('unlocked again, the vault reads back every document, version, thread, conversation and event as written', () => {
  const read = JSON.parse(workspace(sealedDir, 'dump')) as Record<string, unknown>;
  const [accord, other] = read['documents'] as { title: string; content: string }[];
  assert.equal(accord?.title, KNOWN_TITLE);
  assert.equal(accord?.content, `# Terms\n\n${KNOWN_PHRASE}\nSecond reading.\n`);
  assert.equal(other?.content, 'something else entirely');
  assert.deepEqual(read['commits'], [
    { message: 'Created', content: `# Terms\n\n${KNOWN_PHRASE}\n` },
    { message: 'second reading', content: `# Terms\n\n${KNOWN_PHRASE}\nSecond reading.\n` },
  ]);
  assert.deepEqual(read['prefix'], [KNOWN_TITLE]);
  assert.deepEqual(read['byTitle'], ['Other', KNOWN_TITLE]);
  assert.equal(read['conversation'], `About ${KNOWN_TITLE}`);
  assert.deepEqual(read['messages'], [`When does ${KNOWN_PHRASE}?`]);
  assert.deepEqual(read['deleted'], [`${KNOWN_TITLE} draft`]);
  assert.deepEqual(read['thread'], { name: `${KNOWN_TITLE} talks`, description: `Where ${KNOWN_PHRASE}`, listed: [`${KNOWN_TITLE} talks`] });
  assert.deepEqual(read['search'], [KNOWN_TITLE], 'the sealed search index finds the document');
});

test('the same workspace without a vault holds the words and the PNG in its files, so the searches above can see them', () => {
  const plainDir = tempDir('sovereign-plain-');
  workspace(plainDir, 'seed', [], '-');
  workspace(plainDir, 'attach', [pngFile, htmlFile], '-');
  assert.notDeepEqual(filesHolding(plainDir, KNOWN_TITLE), []);
  assert.notDeepEqual(filesHolding(plainDir, KNOWN_PHRASE), []);
  assert.notDeepEqual(filesHolding(plainDir, ATTACHED_PHRASE), []);
  const png = fs.readFileSync(pngFile);
  assert.notDeepEqual(filesHoldingBytes(plainDir, png.subarray(png.length / 2 - 32, png.length / 2 + 32)), []);
  assert.notDeepEqual(filesHolding(plainDir, digestsOf(pngFile).hex), [], 'a plain workspace holds the PNG\'s hash');
});

test('contents swapped between two documents on disk fail loudly, naming each document, instead of reading as each other', async () => {
  const dir = tempDir('sovereign-vault-');
  await createVault(dir, PASSPHRASE, { kdfCost });
  workspace(dir, 'seed');
  workspace(dir, 'swap');
  const read = JSON.parse(workspace(dir, 'dump', ['accord', 'other'])) as Record<string, { error: string }>;
  assert.equal(read['accord']?.error, 'The content of document:accord failed authentication: it was changed on disk or copied from another record.');
  assert.equal(read['other']?.error, 'The content of document:other failed authentication: it was changed on disk or copied from another record.');
});

test('one character changed in a sealed title on disk fails loudly, naming the document', async () => {
  const dir = tempDir('sovereign-vault-');
  await createVault(dir, PASSPHRASE, { kdfCost });
  workspace(dir, 'seed');
  workspace(dir, 'forge');
  const read = JSON.parse(workspace(dir, 'dump', ['accord', 'other'])) as Record<string, unknown>;
  assert.deepEqual(read, {
    accord: { error: 'The title of document:accord failed authentication: it was changed on disk or copied from another record.' },
    other: 'Other',
  });
});
