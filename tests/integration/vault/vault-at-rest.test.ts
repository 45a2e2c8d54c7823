import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
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

const sealedDir = tempDir('sovereign-vault-');

before(async () => {
  await createVault(sealedDir, PASSPHRASE, { kdfCost });
  workspace(sealedDir, 'seed');
});

test('no file of a vault holds a known document\'s title or a phrase of its content', () => {
  assert.ok(filesUnder(path.join(sealedDir, 'database')).length > 3, 'the database was written to disk');
  assert.deepEqual(filesHolding(sealedDir, KNOWN_TITLE), []);
  assert.deepEqual(filesHolding(sealedDir, KNOWN_PHRASE), []);
  assert.deepEqual(filesHolding(sealedDir, 'lighthouse keeper'), []);
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
});

test('the same workspace without a vault holds the words in its files, so the search above can see them', () => {
  const plainDir = tempDir('sovereign-plain-');
  workspace(plainDir, 'seed', [], '-');
  assert.notDeepEqual(filesHolding(plainDir, KNOWN_TITLE), []);
  assert.notDeepEqual(filesHolding(plainDir, KNOWN_PHRASE), []);
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
