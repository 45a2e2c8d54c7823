import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bulkWork } from '../../../src/core/index.js';
import { ImportService, type ImportSummary } from '../../../src/importers/index.js';
import { encryptPdf, writeJpeg, writePdf, writePng, writeWithPandoc, writeZipBomb } from '../../fixtures/documents/documents.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const byName = (summary: ImportSummary, name: string) => summary.outcomes.find((o) => path.basename(o.path) === name);

async function mixedFolder(): Promise<string> {
  const folder = path.join(tempDir('sovereign-mixed-'), 'inbox');
  fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'plan.md'), '---\ntitle: Plan\ntags: [work]\n---\nSee [[notes]].\n');
  fs.writeFileSync(path.join(folder, 'nested', 'notes.txt'), 'plain notes');
  writePdf(path.join(folder, 'report.pdf'), { title: 'Report', date: new Date('2024-03-05T00:00:00Z'), paragraphs: ['Revenue grew.'] });
  writeWithPandoc(path.join(folder, 'letter.docx'), '# Letter\n\nDear reader.\n');
  writeWithPandoc(path.join(folder, 'minutes.odt'), '# Minutes\n\nWe met.\n');
  fs.writeFileSync(path.join(folder, 'page.html'), '<html><head><title>Page</title></head><body><article><p>An article about rivers and the herons that live along them.</p></article></body></html>');
  await writeJpeg(path.join(folder, 'photo.jpg'), '2020:02:02 02:02:02');
  return folder;
}

test('a mixed folder imports every format with provenance, and originals kept content-addressed', async () => {
  const store = await openTestStore('rocksdb');
  const dataDir = tempDir();
  const folder = await mixedFolder();
  const before = Date.now();
  const summary = await new ImportService(store, dataDir).importPaths([folder], { recursive: true });
  assert.deepEqual([summary.created, summary.failed], [7, 0], JSON.stringify(summary.outcomes.filter((o) => o.error)));
  const docs = await store.allDocumentMeta();
  assert.deepEqual(docs.map((d) => d.docType).sort(), ['docx', 'docx', 'html', 'image', 'markdown', 'pdf', 'text']);
  for (const doc of docs) {
    const provenance = doc.provenance!;
    assert.equal(provenance.originalHash, sha256(provenance.sourcePath), doc.title);
    assert.ok(provenance.importedAt.getTime() >= before - 1000);
    assert.ok(provenance.importer && provenance.importerVersion, doc.title);
    assert.equal(doc.isOwned, false);
  }
  const pdf = docs.find((d) => d.docType === 'pdf')!;
  assert.equal(pdf.mediaRef, `attachments/${pdf.provenance!.originalHash}`);
  assert.deepEqual(fs.readFileSync(path.join(dataDir, pdf.mediaRef!)), fs.readFileSync(path.join(folder, 'report.pdf')));
  const photo = docs.find((d) => d.docType === 'image')!;
  assert.equal(photo.createdAt.toISOString(), '2020-02-02T02:02:02.000Z', 'a photo sits on the timeline when it was taken');
  const plan = docs.find((d) => d.title === 'Plan')!;
  assert.deepEqual(plan.tags, ['work']);
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'attachments')).filter((name) => name.includes('.tmp-')), [], 'no half-written attachment');
});

test('importing again duplicates nothing; a copy elsewhere is recognised; a changed file becomes a new version', async () => {
  const store = await openTestStore('rocksdb');
  const service = new ImportService(store, tempDir());
  const folder = await mixedFolder();
  await service.importPaths([folder], { recursive: true });
  const again = await service.importPaths([folder], { recursive: true });
  assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 7]);
  const copy = path.join(tempDir(), 'copy of report.pdf');
  fs.copyFileSync(path.join(folder, 'report.pdf'), copy);
  const copied = await service.importPaths([copy]);
  assert.equal(copied.outcomes[0]!.status, 'unchanged');
  assert.equal(await store.countDocuments(), 7);

  fs.writeFileSync(path.join(folder, 'plan.md'), '---\ntitle: Plan v2\n---\nRewritten.\n');
  const changed = await service.importPaths([path.join(folder, 'plan.md')]);
  assert.equal(changed.outcomes[0]!.status, 'updated');
  const id = changed.outcomes[0]!.documentIds[0]!;
  const doc = await store.getDocument(id);
  assert.deepEqual([doc.title, doc.content], ['Plan v2', 'Rewritten.\n']);
  assert.equal((await store.listCommits(id)).length, 2, 'the change is a second version of the same document');
  assert.equal(await store.countDocuments(), 7);
});

/** A folder of every kind of bad input beside a few good files. */
function badFolder(): string {
  const folder = path.join(tempDir('sovereign-bad-'), 'bad');
  fs.mkdirSync(folder);
  const file = (name: string) => path.join(folder, name);
  fs.writeFileSync(file('good.md'), '# Good\n');
  writePdf(file('whole.pdf'), { title: 'Whole', date: new Date('2024-01-01T00:00:00Z'), paragraphs: ['text'] });
  fs.writeFileSync(file('truncated.pdf'), fs.readFileSync(file('whole.pdf')).subarray(0, 3000));
  encryptPdf(file('whole.pdf'), file('locked.pdf'));
  writeZipBomb(file('bomb.docx'), 3 * 1024 * 1024);
  fs.writeFileSync(file('corrupt.docx'), Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 1)]));
  fs.writeFileSync(file('huge.txt'), '');
  fs.truncateSync(file('huge.txt'), 2 * 1024 * 1024 * 1024); // sparse: 2 GB that is never read
  fs.copyFileSync(process.execPath, file('program.md'));
  fs.writeFileSync(file('latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  fs.writeFileSync(file('scripts.html'), '<html><head><title>Scripts</title></head><body>' + '<script>while(true){}</script>'.repeat(500) + '<article><p>Only this paragraph is real content, long enough to be an article.</p></article></body></html>');
  fs.symlinkSync(file('loop-a.md'), file('loop-b.md'));
  fs.symlinkSync(file('loop-b.md'), file('loop-a.md'));
  fs.writeFileSync(file('new\nline.md'), '# Newline\n');
  execFileSync('mkfifo', [file('pipe.md')]);
  fs.writeFileSync(file('os-release'), 'NAME=Debian\n');
  fs.symlinkSync(file('os-release'), file('notes.txt'));
  fs.writeFileSync(file('archive.zip'), Buffer.from('PK\x03\x04', 'latin1'));
  return folder;
}

test('bad input: each file fails on its own with a clear reason, the rest of the batch is imported, nothing is half-written', async () => {
  const store = await openTestStore('rocksdb');
  const dataDir = tempDir();
  const folder = badFolder();
  const summary = await new ImportService(store, dataDir, { limits: { maxExpandedBytes: 1024 * 1024 } }).importPaths([folder], { recursive: true });
  const reason = (name: string) => byName(summary, name)?.error?.message ?? `(${byName(summary, name)?.status})`;
  assert.match(reason('truncated.pdf'), /truncated\.pdf: the PDF is truncated or damaged/);
  assert.match(reason('locked.pdf'), /locked\.pdf: it is password-protected/);
  assert.match(reason('bomb.docx'), /bomb\.docx: it would expand to more than/);
  assert.match(reason('corrupt.docx'), /corrupt\.docx: it is damaged/);
  assert.match(reason('huge.txt'), /huge\.txt is too large to read \(2147483648 bytes/);
  assert.match(reason('program.md'), /program\.md: unsupported type \(detected application\/x-(pie-)?executable\)/);
  assert.match(reason('latin1.txt'), /latin1\.txt is not valid UTF-8 text \(the first invalid byte is at offset 3\)/);
  assert.match(reason('loop-a.md'), /loop of symbolic links/);
  assert.match(reason('pipe.md'), /pipe\.md is not a regular file \(it is a named pipe\)/);
  assert.match(reason('os-release'), /os-release: unsupported type \(detected text\/plain\)/);
  assert.match(reason('notes.txt'), /os-release: unsupported type \(detected text\/plain\)/, 'a link is judged by its target');
  assert.match(reason('archive.zip'), /archive\.zip: unsupported type/);
  assert.deepEqual(
    summary.outcomes.filter((o) => o.status === 'created').map((o) => path.basename(o.path)).sort(),
    ['good.md', 'new\nline.md', 'scripts.html', 'whole.pdf'],
  );
  assert.equal(await store.countDocuments(), 4, 'only whole documents of the files that imported');
  const page = (await store.allDocumentMeta()).find((d) => d.docType === 'html')!;
  assert.doesNotMatch((await store.getDocument(page.id)).content, /while\(true\)/);
  assert.equal(summary.failed, summary.outcomes.length - 4);
});

test("a folder read on the import's own thread gives the same documents, errors and re-import answers as one read in this thread", async () => {
  const paths = [await mixedFolder(), badFolder()];
  const outcomes = (summary: ImportSummary) =>
    summary.outcomes.map((o) => ({ name: path.basename(o.path), status: o.status, error: o.error?.message, kind: o.error?.kind, documents: o.documentIds.length }));
  const imports = await Promise.all(
    [false, true].map(async (readThread) => {
      const store = await openTestStore('rocksdb');
      const service = new ImportService(store, tempDir(), { limits: { maxExpandedBytes: 1024 * 1024 }, readThread });
      const first = await service.importPaths(paths, { recursive: true });
      const again = await service.importPaths(paths, { recursive: true });
      const documents = await Promise.all(
        (await store.allDocumentMeta()).map(async (meta) => {
          const doc = await store.getDocument(meta.id);
          return { title: doc.title, docType: doc.docType, content: doc.content, tags: doc.tags, createdAt: doc.createdAt.toISOString(), mediaRef: doc.mediaRef, hash: doc.provenance?.originalHash };
        }),
      );
      documents.sort((a, b) => a.title.localeCompare(b.title));
      return { first: outcomes(first), again: outcomes(again), documents };
    }),
  );
  const [here, threaded] = imports as [(typeof imports)[0], (typeof imports)[0]];
  assert.equal(here.documents.length, 11, 'seven good files of every format and four good files among the bad');
  assert.ok(here.first.filter((o) => o.status === 'failed').length >= 12);
  assert.ok(here.again.every((o) => o.status === 'unchanged' || o.status === 'failed'), 'the second import finds every original unchanged');
  assert.deepEqual(threaded.first, here.first);
  assert.deepEqual(threaded.again, here.again);
  assert.deepEqual(threaded.documents, here.documents);
});

test('a folder of many files is bulk work while it imports (the window paces its canvas by it); one file is not', async () => {
  const store = await openTestStore('mem');
  const service = new ImportService(store, tempDir());
  const folder = tempDir('sovereign-many-');
  for (let k = 0; k < 12; k++) fs.writeFileSync(path.join(folder, `note ${k}.md`), `# Note ${k}\n\nText ${k}.\n`);
  const seen: boolean[] = [];
  const off = bulkWork.onChange((busy) => seen.push(busy));
  try {
    const busyAtCommits: boolean[] = [];
    const offChange = store.subscribe(() => busyAtCommits.push(bulkWork.busy));
    const many = await service.importPaths([folder], { recursive: true });
    offChange();
    assert.equal(many.created, 12);
    assert.deepEqual(seen, [true, false], 'busy from the start of the folder import to its end');
    assert.ok(busyAtCommits.length > 0 && busyAtCommits.every(Boolean), `busy at each of its commits: ${busyAtCommits.join(', ')}`);
    seen.length = 0;
    const one = path.join(tempDir(), 'single.md');
    fs.writeFileSync(one, '# Single\n');
    assert.equal((await service.importPaths([one])).created, 1);
    assert.deepEqual(seen, [], 'a single file is shown at once, not paced');
  } finally {
    off();
  }
});

test('an Obsidian vault: links (aliases, embeds, markdown links) become references, tags are kept, folders can become threads', async () => {
  const store = await openTestStore('rocksdb');
  const vault = path.join(tempDir('sovereign-vault-'), 'Vault');
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(vault, name)), { recursive: true });
    fs.writeFileSync(path.join(vault, name), text);
  };
  fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
  fs.writeFileSync(path.join(vault, '.obsidian', 'app.json'), '{"attachmentFolderPath":"assets"}');
  write('Projects/Alpha.md', '---\ntags: project\n---\nAlpha links [[Beta|the beta]] and [[Journal/2024-01-02]] and embeds ![[diagram.png]]. #active\n');
  write('Projects/Beta.md', 'Beta goes back to [Alpha](Alpha.md).\n');
  write('Journal/2024-01-02.md', 'Worked on [[alpha]] (case does not matter) and [[Nowhere]].\n');
  write('Inbox.md', 'Top-level note.\n');
  fs.mkdirSync(path.join(vault, 'assets'));
  await writePng(path.join(vault, 'assets', 'diagram.png'));

  const summary = await new ImportService(store, tempDir()).importPaths([vault], { recursive: true, foldersAsThreads: true });
  assert.equal(summary.failed, 0, JSON.stringify(summary.outcomes.filter((o) => o.error)));
  assert.equal(summary.created, 5);
  const docs = await store.allDocumentMeta();
  const idOf = (base: string) => docs.find((d) => path.basename(d.provenance!.sourcePath) === base)!.id;
  const edges = (await store.allRelationships()).map((r) => `${r.from}>${r.to}:${r.kind}`).sort();
  const edge = (from: string, to: string) => `${idOf(from)}>${idOf(to)}:references`;
  assert.deepEqual(edges, [edge('Alpha.md', 'Beta.md'), edge('Alpha.md', '2024-01-02.md'), edge('Alpha.md', 'diagram.png'), edge('Beta.md', 'Alpha.md'), edge('2024-01-02.md', 'Alpha.md')].sort());
  const alpha = docs.find((d) => d.id === idOf('Alpha.md'))!;
  assert.deepEqual(alpha.tags?.sort(), ['active', 'project']);
  const threads = await store.listThreads();
  assert.deepEqual(threads.map((t) => t.name).sort(), ['Journal', 'Projects'], "the vault's attachment folder is not a thread");
  assert.equal(alpha.threadId, threads.find((t) => t.name === 'Projects')!.id);
  assert.equal(docs.find((d) => d.id === idOf('Inbox.md'))!.threadId, null);

  const again = await new ImportService(store, tempDir()).importPaths([vault], { recursive: true, foldersAsThreads: true });
  assert.deepEqual([again.created, again.unchanged, again.links], [0, 5, 0], 'a second run adds no documents and no links');
  assert.equal((await store.allRelationships()).length, 5);
});

test('Cancel stops a folder import between files: what was read is stored whole, the summary says cancelled, running it again adds the rest', async () => {
  const store = await openTestStore('rocksdb');
  const service = new ImportService(store, tempDir());
  const folder = path.join(tempDir('sovereign-cancel-'), 'many');
  fs.mkdirSync(folder);
  for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(folder, `n${String(i).padStart(3, '0')}.md`), `# Note ${i}\n`);
  const controller = new AbortController();
  const progress: number[] = [];
  const summary = await service.importPaths([folder], {
    recursive: true,
    signal: controller.signal,
    onProgress: (p) => {
      progress.push(p.done);
      assert.equal(p.total, 400);
      if (p.done >= 50) controller.abort();
    },
  });
  assert.equal(summary.cancelled, true);
  assert.ok(summary.created >= 50 && summary.created < 400, `${summary.created} imported before the cancel`);
  assert.equal(await store.countDocuments(), summary.created);
  assert.ok(progress.every((done, i) => i === 0 || done > progress[i - 1]!), 'progress only moves forward');
  const rest = await service.importPaths([folder], { recursive: true });
  assert.deepEqual([rest.created + summary.created, rest.unchanged], [400, summary.created]);
});

test('a JSON Canvas imports through the same service: nodes, a group as thread, edges as relationships, bad edges listed, nothing doubled on re-import', async () => {
  const store = await openTestStore('rocksdb');
  const service = new ImportService(store, tempDir());
  const file = path.join(tempDir(), 'Board.canvas');
  fs.writeFileSync(
    file,
    JSON.stringify({
      nodes: [
        { id: 'g', type: 'group', x: 0, y: 0, width: 800, height: 400, label: 'Ideas' },
        { id: 'a', type: 'text', x: 20, y: 40, width: 200, height: 100, text: '# Alpha\nFirst idea.' },
        { id: 'b', type: 'text', x: 300, y: 40, width: 200, height: 100, text: '# Beta\nSecond idea.' },
      ],
      edges: [
        { id: 'e1', fromNode: 'a', toNode: 'b', label: 'related' },
        { id: 'e2', fromNode: 'a', toNode: 'missing' },
      ],
    }),
  );
  const summary = await service.importPaths([file]);
  assert.equal(summary.outcomes[0]!.status, 'created');
  assert.equal(summary.outcomes[0]!.documentIds.length, 2);
  assert.match(summary.outcomes[0]!.warnings?.map((w) => w.message).join('\n') ?? '', /missing/);
  const docs = await store.allDocumentMeta();
  assert.deepEqual(docs.map((d) => d.title).sort(), ['Alpha', 'Beta']);
  const [thread] = await store.listThreads();
  assert.equal(thread?.name, 'Ideas');
  assert.ok(docs.every((d) => d.threadId === thread!.id && d.provenance?.importer === 'json-canvas'));
  const edges = await store.allRelationships();
  assert.equal(edges.length, 1);
  assert.equal(edges[0]!.kind, 'related');
  const again = await service.importPaths([file]);
  assert.deepEqual([again.outcomes[0]!.status, again.links], ['unchanged', 0]);
  assert.equal(await store.countDocuments(), 2);
  assert.equal((await store.allRelationships()).length, 1);
});
