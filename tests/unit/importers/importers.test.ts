import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import type { ImportedDocument, Importer, SourceFile } from '../../../src/importers/index.js';
import { htmlImporter } from '../../../src/importers/html-importer.js';
import { imageImporter } from '../../../src/importers/image-importer.js';
import { markdownImporter } from '../../../src/importers/markdown-importer.js';
import { docxImporter, odtImporter } from '../../../src/importers/office-importer.js';
import { pdfImporter } from '../../../src/importers/pdf-importer.js';
import { textImporter } from '../../../src/importers/text-importer.js';
import { encryptPdf, writeJpeg, writePdf, writePng, writeWithPandoc, writeZipBomb } from '../../fixtures/documents/documents.js';
import { tempDir } from '../../support/store.js';

const dir = tempDir('sovereign-importers-');

function sourceOf(file: string): SourceFile {
  const bytes = fs.readFileSync(file);
  return {
    requested: file,
    real: file,
    name: path.basename(file),
    extension: path.extname(file).toLowerCase(),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    modifiedAt: fs.statSync(file).mtime,
  };
}

async function run(importer: Importer, file: string, maxExpandedBytes = 64 * 1024 * 1024): Promise<ImportedDocument> {
  const scratchDir = fs.mkdtempSync(path.join(dir, 'scratch-'));
  const [document] = await importer.import(sourceOf(file), { signal: new AbortController().signal, scratchDir: () => Promise.resolve(scratchDir), maxExpandedBytes, warn: (problem) => assert.fail(problem.message) });
  assert.ok(document);
  return document;
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

test('markdown takes title, dates and tags from its front matter, and tags and links from its body', async () => {
  const file = write(
    'plan.md',
    '---\ntitle: Budget plan\ncreated: 2023-04-05\nupdated: 2023-05-01T10:00:00Z\ntags: [finance, "#planning"]\n---\n# Heading that is not the title\nSee [[Costs|the costs]] and ![[chart.png]] and [notes](sub/notes%20one.md).\nTagged #q2/review.\n```\n[[not a link]] #notatag\n```\n',
  );
  const doc = await run(markdownImporter, file);
  assert.equal(doc.title, 'Budget plan');
  assert.equal(doc.docType, 'markdown');
  assert.ok(doc.content.startsWith('# Heading that is not the title'), 'the front matter is not part of the content');
  assert.equal(doc.dates.created?.toISOString(), '2023-04-05T00:00:00.000Z');
  assert.equal(doc.dates.modified?.toISOString(), '2023-05-01T10:00:00.000Z');
  assert.deepEqual(doc.tags.sort(), ['finance', 'planning', 'q2/review']);
  assert.deepEqual(doc.links, [
    { target: { kind: 'wikilink', text: 'Costs' }, label: 'the costs' },
    { target: { kind: 'wikilink', text: 'chart.png' }, embed: true },
    { target: { kind: 'path', path: 'sub/notes one.md' }, label: 'notes' },
  ]);
});

test('markdown without front matter takes its title from the first heading, else from the file name', async () => {
  assert.equal((await run(markdownImporter, write('a.md', 'intro\n# Budget 2026 #\nbody'))).title, 'Budget 2026');
  assert.equal((await run(markdownImporter, write('Meeting notes.md', 'no heading here'))).title, 'Meeting notes');
});

test('JavaScript front matter is refused and never run', async () => {
  const file = write('evil.md', "---js\n{ title: (globalThis.sovereignPwned = 'ran', 'x') }\n---\nbody\n");
  await assert.rejects(run(markdownImporter, file), (error) => isSovereignError(error, 'invalid-input') && /evil\.md/.test(error.message));
  assert.equal((globalThis as { sovereignPwned?: string }).sovereignPwned, undefined);
});

test('a heading with terminal escapes becomes a clean one-line title', async () => {
  assert.equal((await run(markdownImporter, write('esc.md', '# Hi \u001b]0;pwned\u0007 there\n'))).title, 'Hi ]0;pwned there');
});

test('plain text loses its BOM; invalid UTF-8 is refused naming the offset, never replaced', async () => {
  const doc = await run(textImporter, write('Notes.txt', '\ufeffhello'));
  assert.deepEqual([doc.title, doc.docType, doc.content], ['Notes', 'text', 'hello']);
  const bad = write('latin1.txt', Buffer.from([0x61, 0x62, 0xe9, 0x74, 0xe9]));
  await assert.rejects(run(textImporter, bad), (error) => isSovereignError(error, 'invalid-input') && /latin1\.txt/.test(error.message) && /offset 2/.test(error.message));
});

test('a PDF gives its text, its title and date from its metadata, and keeps the original', async () => {
  const file = path.join(dir, 'report.pdf');
  writePdf(file, { title: 'Quarterly Report', date: new Date('2024-03-05T00:00:00Z'), paragraphs: ['Revenue grew by twelve percent.', 'Costs fell.'] });
  const doc = await run(pdfImporter, file);
  assert.equal(doc.title, 'Quarterly Report');
  assert.equal(doc.docType, 'pdf');
  assert.match(doc.content, /Revenue grew by twelve percent\./);
  assert.equal(doc.dates.created?.toISOString(), '2024-03-05T00:00:00.000Z');
  assert.deepEqual(doc.attachment, { kind: 'original' });
});

test('a password-protected PDF and a truncated one each say what is wrong', async () => {
  const plain = path.join(dir, 'plain.pdf');
  writePdf(plain, { title: 'Secret', date: new Date('2024-01-01T00:00:00Z'), paragraphs: ['hidden'] });
  const locked = path.join(dir, 'locked.pdf');
  encryptPdf(plain, locked);
  await assert.rejects(run(pdfImporter, locked), (error) => isSovereignError(error, 'invalid-input') && /locked\.pdf/.test(error.message) && /password/.test(error.message));
  const whole = fs.readFileSync(plain);
  for (const length of [3000, whole.length - 40]) {
    const truncated = write('cut.pdf', whole.subarray(0, length));
    await assert.rejects(run(pdfImporter, truncated), (error) => isSovereignError(error, 'invalid-input') && /cut\.pdf/.test(error.message) && /truncated/.test(error.message), `cut at ${length}`);
  }
});

test('DOCX and ODT become GitHub markdown with their tables, and keep the original', async () => {
  const markdown = '# Trip report\n\nWe visited *three* sites.\n\n| Site | Days |\n|------|------|\n| Oslo | 2 |\n';
  for (const [importer, name] of [[docxImporter, 'trip.docx'], [odtImporter, 'trip.odt']] as const) {
    const file = path.join(dir, name);
    writeWithPandoc(file, markdown);
    const doc = await run(importer, file);
    assert.equal(doc.title, 'Trip report', name);
    assert.match(doc.content, /We visited \*three\* sites\./, name);
    assert.match(doc.content, /\| Oslo +\| 2 +\|/, name);
    assert.deepEqual(doc.attachment, { kind: 'original' });
  }
});

test('a zip bomb named .docx is refused before it is expanded, and a corrupt one is called damaged', async () => {
  const bomb = path.join(dir, 'bomb.docx');
  writeZipBomb(bomb, 4 * 1024 * 1024);
  assert.ok(fs.statSync(bomb).size < 64 * 1024);
  await assert.rejects(run(docxImporter, bomb, 1024 * 1024), (error) => isSovereignError(error, 'resource') && /bomb\.docx/.test(error.message));
  const corrupt = write('corrupt.docx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
  await assert.rejects(run(docxImporter, corrupt), (error) => isSovereignError(error, 'invalid-input') && /corrupt\.docx/.test(error.message) && /damaged/.test(error.message));
});

test('a web page keeps its article as markdown; its scripts are removed, never run', async () => {
  const page = write(
    'page.html',
    `<html><head><title>Field notes</title><script>globalThis.sovereignPageRan = 1</script></head><body>
     <nav>Home | About</nav><article><h1>Field notes</h1><p>The river was <strong>high</strong> this spring, higher than any year we measured.</p>
     <script>document.write('injected')</script><p>We counted forty herons along the bank.</p></article>
     <img src=x onerror="globalThis.sovereignPageRan = 2"></body></html>`,
  );
  const doc = await run(htmlImporter, page);
  assert.equal(doc.title, 'Field notes');
  assert.equal(doc.docType, 'html');
  assert.match(doc.content, /The river was \*\*high\*\* this spring/);
  assert.match(doc.content, /forty herons/);
  assert.doesNotMatch(doc.content, /injected|sovereignPageRan/);
  assert.equal((globalThis as { sovereignPageRan?: number }).sovereignPageRan, undefined);
});

test('a photo is an image document dated when it was taken (EXIF); PNG and SVG import too', async () => {
  const photo = path.join(dir, 'Harbour.jpg');
  await writeJpeg(photo, '2021:07:04 10:30:00');
  const doc = await run(imageImporter, photo);
  assert.equal(doc.docType, 'image');
  assert.equal(doc.title, 'Harbour');
  assert.equal(doc.dates.timeline?.toISOString(), '2021-07-04T10:30:00.000Z');
  assert.deepEqual(doc.attachment, { kind: 'original' });
  const png = path.join(dir, 'dot.png');
  await writePng(png);
  assert.equal((await run(imageImporter, png)).docType, 'image');
  const svg = write('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>alert(1)</script><rect width="4" height="4"/></svg>');
  assert.equal((await run(imageImporter, svg)).title, 'logo');
});

test('each importer recognises its own bytes and not another format', () => {
  const pdfHead = Buffer.from('%PDF-1.7\n');
  const zipHead = Buffer.from('PK\x03\x04rest', 'latin1');
  const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]);
  assert.deepEqual([pdfImporter.detect!(pdfHead), pdfImporter.detect!(zipHead)], [true, false]);
  assert.deepEqual([docxImporter.detect!(zipHead), docxImporter.detect!(pdfHead)], [true, false]);
  assert.deepEqual([markdownImporter.detect!(Buffer.from('# hi')), markdownImporter.detect!(elf)], [true, false]);
  assert.deepEqual([imageImporter.detect!(Buffer.from('<svg width="1">')), imageImporter.detect!(Buffer.from('plain text'))], [true, false]);
});
