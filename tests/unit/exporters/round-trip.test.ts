import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { layoutCards } from '../../../src/canvas/kernels/layout.js';
import { TimeScale } from '../../../src/canvas/kernels/time-scale.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import { ImportService } from '../../../src/importers/import-service.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

test('a thread exported as markdown imports back with the same titles, content, dates, thread and links', async () => {
  const source = await openTestStore('mem');
  const thread = await source.createThread({ name: 'Reading' });
  const created = (day: number) => new Date(Date.UTC(2025, 10, day, 8, 30));
  const dune = await source.createDocument({ title: 'Dune: notes?', docType: 'markdown', content: '# Dune\n\nSpice *must* flow. #scifi\n', threadId: thread.id, createdAt: created(2), modifiedAt: created(4) });
  const notes = await source.createDocument({ title: 'Notes', docType: 'markdown', content: '\nStarts with a blank line.\n\n- [ ] task', threadId: thread.id, createdAt: created(3), modifiedAt: created(5) });
  const twin = await source.createDocument({ title: 'notes', docType: 'markdown', content: 'Same title, other case.', threadId: thread.id, createdAt: created(6), modifiedAt: created(6) });
  await source.createRelationship({ kind: 'references', from: dune.id, to: notes.id });
  await source.createRelationship({ kind: 'references', from: notes.id, to: twin.id });
  const exporter = new ExportService(source, tempDir());
  after(() => exporter.close());
  const folder = path.join(tempDir(), 'vault');
  await exporter.export({ format: 'markdown', selection: { kind: 'thread', threadId: thread.id }, out: folder });

  const target = await openTestStore('mem');
  const summary = await new ImportService(target, tempDir()).importPaths([folder], { recursive: true, foldersAsThreads: true });
  assert.equal(summary.failed, 0, JSON.stringify(summary.outcomes.filter((o) => o.status === 'failed')));
  const imported = (await target.allDocumentMeta()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const originals = [dune, notes, twin];
  assert.deepEqual(
    await Promise.all(imported.map(async (meta) => { const doc = await target.getDocument(meta.id); return [doc.title, doc.content, doc.createdAt.toISOString(), doc.modifiedAt.toISOString()]; })),
    originals.map((doc) => [doc.title, doc.content, doc.createdAt.toISOString(), doc.modifiedAt.toISOString()]),
  );
  const threads = await target.listThreads();
  assert.deepEqual(threads.map((t) => t.name), ['Reading'], 'the thread comes back by name');
  assert.ok(imported.every((meta) => meta.threadId === threads[0]!.id));
  const byTitle = new Map(imported.map((meta) => [meta.title, meta.id]));
  const links = (await target.allRelationships()).map((r) => [r.kind, imported.find((m) => m.id === r.from)!.title, imported.find((m) => m.id === r.to)!.title]).sort();
  assert.deepEqual(links, [['references', 'Dune: notes?', 'Notes'], ['references', 'Notes', 'notes']]);
  assert.ok(byTitle.size === 3);
});

test('a workspace exported as JSON Canvas imports back with its titles, content, threads, card positions and relationships', async () => {
  const source = await openTestStore('mem');
  const plans = await source.createThread({ name: 'Plans' });
  const goal = await source.createDocument({ title: 'Goal', docType: 'markdown', content: 'Walk the coast.', threadId: plans.id, createdAt: new Date(Date.UTC(2026, 0, 5)) });
  const route = await source.createDocument({ title: 'Route', docType: 'markdown', content: 'North first.', threadId: plans.id, createdAt: new Date(Date.UTC(2026, 0, 6)) });
  await source.createRelationship({ kind: 'continues', from: goal.id, to: route.id });
  const exporter = new ExportService(source, tempDir());
  after(() => exporter.close());
  const file = path.join(tempDir(), 'plans.canvas');
  await exporter.export({ format: 'canvas', selection: { kind: 'all' }, out: file });

  const target = await openTestStore('mem');
  const summary = await new ImportService(target, tempDir()).importPaths([file]);
  assert.equal(summary.failed, 0, JSON.stringify(summary.outcomes));
  const imported = (await target.allDocumentMeta()).sort((a, b) => a.title.localeCompare(b.title));
  assert.deepEqual(await Promise.all(imported.map(async (m) => [m.title, (await target.getDocument(m.id)).content])), [['Goal', 'Walk the coast.'], ['Route', 'North first.']]);
  const threads = await target.listThreads();
  assert.deepEqual(threads.map((t) => t.name), ['Plans']);
  assert.ok(imported.every((m) => m.threadId === threads[0]!.id && m.position?.userPlaced));
  const place = async (store: typeof source) => {
    const layout = layoutCards(await store.allDocumentMeta(), await store.listThreads(), new TimeScale(0), 0);
    return layout.cards.docs.map((doc, i) => [doc.title, Math.round(layout.cards.x[i]!), Math.round(layout.cards.y[i]!)]).sort();
  };
  assert.deepEqual(await place(target), await place(source), 'the cards sit where they sat on the timeline they came from');
  const relationships = await target.allRelationships();
  assert.deepEqual(relationships.map((r) => [r.kind, r.from === imported[0]!.id, r.to === imported[1]!.id]), [['continues', true, true]]);
});
