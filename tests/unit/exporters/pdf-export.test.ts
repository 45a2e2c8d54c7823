import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { isSovereignError } from '../../../src/core/index.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import type { GraphStore } from '../../../src/store/index.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';
import { tool } from '../../support/tools.js';
import { pdfPages, pdfText } from './pdf-text.js';

exitWhenDone();

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 2, 9);

async function researchThread(store: GraphStore): Promise<{ threadId: string; ids: string[] }> {
  const thread = await store.createThread({ name: 'Field research', description: 'Notes from the coast' });
  const titles = ['Tide tables', 'Seabird counts', 'Interview with the harbour master'];
  const ids: string[] = [];
  for (const [i, title] of titles.entries()) {
    const paragraphs = Array.from({ length: 30 }, (_, p) => `Paragraph ${p + 1} of ${title.toLowerCase()}: the water rose and fell as the charts said it would.`);
    const doc = await store.createDocument({
      title,
      docType: 'markdown',
      content: `## Summary\n\nWhat we saw on day ${i + 1}.\n\n- [x] counted\n- [ ] checked\n\n${paragraphs.join('\n\n')}`,
      threadId: thread.id,
      createdAt: new Date(START + i * DAY),
      modifiedAt: new Date(START + i * DAY + 3_600_000),
    });
    ids.push(doc.id);
  }
  return { threadId: thread.id, ids };
}

const store = await openTestStore('mem');
const { threadId, ids } = await researchThread(store);
const dataDir = tempDir();
const service = new ExportService(store, dataDir);
after(() => service.close());

test('a thread exports as one PDF with a title page, a contents page listing every document with its date, and each document', async () => {
  const out = path.join(tempDir(), 'research.pdf');
  const stages = new Set<string>();
  const result = await service.export({ format: 'pdf', selection: { kind: 'thread', threadId }, out, date: new Date(START + 10 * DAY), onProgress: (p) => stages.add(p.stage) });
  assert.equal(result.documents, 3);
  const text = pdfText(out);
  const pages = text.split('\f');
  assert.match(pages[0]!, /Field research/);
  assert.match(pages[0]!, /Notes from the coast/);
  assert.match(pages[0]!, /3 documents/);
  assert.match(pages[1]!, /Contents/);
  for (const [i, title] of ['Tide tables', 'Seabird counts', 'Interview with the harbour master'].entries()) {
    assert.match(pages[1]!, new RegExp(`${title}\\.*\\s*2026-03-0${2 + i}\\s+\\d+`), `the contents list ${title} with its date and page`);
    assert.ok(text.includes(`Paragraph 30 of ${title.toLowerCase()}`), `${title}'s last paragraph is in the PDF`);
  }
  assert.match(text, /☑ counted/);
  assert.match(text, /☐ checked/);
  assert.match(pages[2]!, /Field research\s+2026-03-12/, 'the header shows the title and the export date');
  assert.match(pages[2]!, /\b3 ?\/ ?\d+/, 'the footer numbers the pages');
  const count = pdfPages(out);
  assert.ok(count >= 5 && count <= 12, `a title page, a contents page and three two-page documents: got ${count} pages`);
  assert.deepEqual([...stages], ['reading', 'converting', 'typesetting', 'writing']);
});

test('one document exports on its own, with the chosen page size, font and no header or footer', async () => {
  const out = path.join(tempDir(), 'tide.pdf');
  await service.export({ format: 'pdf', selection: { kind: 'document', documentId: ids[0]! }, out, pdf: { pageSize: 'us-letter', font: 'serif', header: false, footer: false } });
  const text = pdfText(out);
  assert.match(text, /^\s*Tide tables/);
  assert.doesNotMatch(text, /Contents|Seabird/);
  assert.doesNotMatch(text, /\d+ ?\/ ?\d+/);
  assert.match(tool('pdfinfo', [out]), /Page size:\s+612 x 792 pts \(letter\)/);
  assert.match(tool('pdffonts', [out]), /NotoSerif/);
});

test('a cancelled export stops with "cancelled" and leaves no file', async () => {
  const out = path.join(tempDir(), 'cancelled.pdf');
  const abort = new AbortController();
  const running = service.export({ format: 'pdf', selection: { kind: 'thread', threadId }, out, signal: abort.signal, onProgress: (p) => p.stage === 'typesetting' && abort.abort() });
  await assert.rejects(running, (error: unknown) => isSovereignError(error, 'cancelled'));
  assert.deepEqual(fs.readdirSync(path.dirname(out)), []);
  // The service still works after a cancel: the next export starts a fresh typesetter.
  const again = path.join(tempDir(), 'again.pdf');
  await service.export({ format: 'pdf', selection: { kind: 'document', documentId: ids[1]! }, out: again });
  assert.match(pdfText(again), /Seabird counts/);
});

test('exporting a document that does not exist names it', async () => {
  await assert.rejects(
    service.export({ format: 'pdf', selection: { kind: 'document', documentId: 'nosuchdoc' }, out: path.join(tempDir(), 'x.pdf') }),
    (error: unknown) => isSovereignError(error, 'not-found') && /nosuchdoc/.test(error.message),
  );
});

test('an image document exports with its picture from the attachments', async () => {
  fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
  const png = new PNG({ width: 64, height: 48 });
  png.data.fill(120);
  fs.writeFileSync(path.join(dataDir, 'attachments', 'photo-sha'), PNG.sync.write(png));
  const photo = await store.createDocument({ title: 'Harbour at dawn', docType: 'image', content: 'Taken from the pier.', mediaRef: 'attachments/photo-sha' });
  const out = path.join(tempDir(), 'photo.pdf');
  await service.export({ format: 'pdf', selection: { kind: 'document', documentId: photo.id }, out });
  assert.match(pdfText(out), /Harbour at dawn[\s\S]*Taken from the pier\./);
  const rows = tool('pdfimages', ['-list', out]).trim().split('\n').slice(2);
  assert.deepEqual(rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').map((row) => row.trim().split(/\s+/).slice(3, 5)), [['64', '48']]);
});
