import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import { ImportService } from '../../../src/importers/index.js';
import { ImageViewerSkill } from '../../../src/skills/core/image-viewer/index.js';
import { StoreSkillHost } from '../../../src/skills/store-skill-host.js';
import { openStore, sealedFields, type GraphStore } from '../../../src/store/index.js';
import { createVault } from '../../../src/vault/index.js';
import { exitWhenDone, tempDir } from '../../support/store.js';
import { tool } from '../../support/tools.js';

exitWhenDone();

const PASSPHRASE = 'correct horse battery staple';
// Cheap Argon2id: this test is about reading sealed originals, the unlock cost is measured by tests/bench/vault.
const kdfCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

const dataDir = tempDir('sovereign-vault-exports-');
const originals = tempDir('sovereign-originals-');
const photoFile = path.join(originals, 'harbour.jpg');
let store: GraphStore;
let imports: ImportService;
let exports: ExportService;
let photo: { id: string; mediaRef: string; title: string };
let noteId: string;
let threadId: string;

before(async () => {
  await sharp({ create: { width: 96, height: 64, channels: 3, background: '#2a6f97' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6' }, IFD2: { DateTimeOriginal: '2025:08:09 06:45:10' } })
    .toFile(photoFile);
  const { dataKey } = await createVault(dataDir, PASSPHRASE, { kdfCost });
  store = await openStore(defaultConfig(), resolvePaths({ HOME: dataDir }), { url: `rocksdb://${path.join(dataDir, 'database')}`, cipher: sealedFields(dataKey) });
  imports = new ImportService(store, dataDir);
  exports = new ExportService(store, dataDir, imports);
  threadId = (await store.createThread({ name: 'Harbour' })).id;
  const summary = await imports.importPaths([photoFile], { threadName: 'Harbour' });
  const imported = await store.getDocument(summary.outcomes[0]!.documentIds[0]!);
  photo = { id: imported.id, mediaRef: imported.mediaRef!, title: imported.title };
  noteId = (await store.createDocument({ title: 'Morning walk', docType: 'markdown', content: `The boats at dawn:\n\n![the harbour](${photo.mediaRef})\n`, threadId })).id;
});

after(() => store.close());

/** The images a PDF holds (pdfimages lists an alpha channel as an "smask" row of its own), as [width, height]. */
function imagesIn(pdf: string): string[][] {
  const rows = tool('pdfimages', ['-list', pdf]).trim().split('\n').slice(2);
  return rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').map((row) => row.trim().split(/\s+/).slice(3, 5));
}

test('the sealed original has no plain file under its hash: what the exports below show was decrypted', () => {
  const sha = createHash('sha256').update(fs.readFileSync(photoFile)).digest('hex');
  assert.equal(photo.mediaRef, `attachments/${sha}`);
  assert.ok(!fs.existsSync(path.join(dataDir, 'attachments', sha)));
  assert.ok(fs.readdirSync(path.join(dataDir, 'attachments')).length >= 1, 'the sealed original is on disk under another name');
});

test('in a vault, a PDF of a note that shows an imported photo holds the photo, not its alt text', async () => {
  const out = path.join(tempDir(), 'walk.pdf');
  await exports.export({ format: 'pdf', selection: { kind: 'document', documentId: noteId }, out });
  assert.deepEqual(imagesIn(out), [['96', '64']]);
  assert.ok(!tool('pdftotext', [out, '-']).includes('[the harbour]'), 'the alt text is not shown in the picture\'s place');
});

test('in a vault, a PDF of the image document itself holds the photo', async () => {
  const out = path.join(tempDir(), 'photo.pdf');
  await exports.export({ format: 'pdf', selection: { kind: 'document', documentId: photo.id }, out });
  assert.deepEqual(imagesIn(out), [['96', '64']]);
});

test('in a vault, a markdown export of the thread writes the photo\'s bytes into its attachments folder', async () => {
  const out = path.join(tempDir(), 'export');
  await exports.export({ format: 'markdown', selection: { kind: 'thread', threadId }, out });
  const written = fs.readdirSync(path.join(out, 'attachments'));
  assert.equal(written.length, 1);
  assert.deepEqual(fs.readFileSync(path.join(out, 'attachments', written[0]!)), fs.readFileSync(photoFile));
});

test('in a vault, the image viewer\'s image-info shows the date a sealed JPEG was taken and its camera', async () => {
  const skill = new ImageViewerSkill(dataDir, imports);
  await skill.load(new StoreSkillHost({ store, manifest: skill.manifest, filesDir: path.join(dataDir, 'skill-files', skill.manifest.id) }));
  const info = (await skill.runCommand('image-info', { documentId: photo.id })) as { takenAt: string | null; cameraModel: string | null; width: number };
  assert.equal(info.takenAt, '2025-08-09T06:45:10.000Z');
  assert.equal(info.cameraModel, 'Canon EOS R6');
  assert.equal(info.width, 96);
});
