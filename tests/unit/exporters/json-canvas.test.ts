import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { layoutCards } from '../../../src/canvas/kernels/layout.js';
import { TimeScale } from '../../../src/canvas/kernels/time-scale.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import { jsonCanvasSchema } from '../../../src/exporters/json-canvas-format.js';
import type { SourceFile } from '../../../src/importers/importer.js';
import { readJsonCanvas } from '../../../src/importers/json-canvas.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);

function sourceFile(file: string): SourceFile {
  const bytes = fs.readFileSync(file);
  return { requested: file, real: file, name: path.basename(file), extension: '.canvas', bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), modifiedAt: new Date() };
}

const store = await openTestStore('mem');
const plans = await store.createThread({ name: 'Plans', colour: '#e66100' });
const trips = await store.createThread({ name: 'Trips' });
const goal = await store.createDocument({ title: 'Goal', docType: 'markdown', content: 'Walk the **coast**.\n', threadId: plans.id, createdAt: new Date(START) });
const route = await store.createDocument({ title: 'Route', docType: 'markdown', content: '# Not the title\n\nNorth first.', threadId: plans.id, createdAt: new Date(START + DAY / 2) });
const day1 = await store.createDocument({ title: 'Day one', docType: 'text', content: 'Rain.', threadId: trips.id, createdAt: new Date(START + 3 * DAY) });
const loose = await store.createDocument({ title: 'Loose note', docType: 'markdown', content: '', createdAt: new Date(START + DAY) });
await store.createRelationship({ kind: 'continues', from: goal.id, to: route.id });
await store.createRelationship({ kind: 'references', from: day1.id, to: route.id });
const service = new ExportService(store, tempDir());
after(() => service.close());

test('the workspace exports as a JSON Canvas with the timeline layout: one text card per document, a group per thread, an edge per relationship', async () => {
  const out = path.join(tempDir(), 'workspace.canvas');
  await service.export({ format: 'canvas', selection: { kind: 'all' }, out });
  const canvas = jsonCanvasSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
  const nodes = canvas.nodes ?? [];
  const layout = layoutCards(await store.allDocumentMeta(), await store.listThreads(), new TimeScale(0), Date.now());
  for (const doc of [goal, route, day1, loose]) {
    const node = nodes.find((n) => n.type === 'text' && n.text.startsWith(`# ${doc.title}\n\n`));
    assert.ok(node, `${doc.title} is a text card`);
    const i = layout.indexOfDoc.get(doc.id)!;
    assert.deepEqual([node.x, node.y], [Math.round(layout.cards.x[i]!), Math.round(layout.cards.y[i]!)], `${doc.title} sits where the timeline puts it`);
  }
  const groups = nodes.filter((n) => n.type === 'group');
  assert.deepEqual(groups.map((g) => g.type === 'group' && g.label).sort(), ['Plans', 'Trips']);
  const plansGroup = groups.find((g) => g.type === 'group' && g.label === 'Plans')!;
  assert.equal(plansGroup.color, '#e66100');
  const routeNode = nodes.find((n) => n.type === 'text' && n.text.startsWith('# Route'))!;
  assert.ok(routeNode.y >= plansGroup.y && routeNode.y + routeNode.height <= plansGroup.y + plansGroup.height, 'a thread’s cards lie inside its group');
  assert.deepEqual((canvas.edges ?? []).map((e) => e.label).sort(), ['continues', 'references']);
});

test('a thread’s canvas imports back with the same titles, content, threads, positions inside their group and labelled relationships', async () => {
  const out = path.join(tempDir(), 'plans.canvas');
  await service.export({ format: 'canvas', selection: { kind: 'thread', threadId: plans.id }, out });
  const { documents, problems } = readJsonCanvas(sourceFile(out));
  assert.deepEqual(problems, []);
  assert.deepEqual(
    documents.map((d) => [d.title, d.content, d.threadName]),
    [
      ['Goal', 'Walk the **coast**.\n', 'Plans'],
      ['Route', '# Not the title\n\nNorth first.', 'Plans'],
    ],
  );
  const [goalIn, routeIn] = documents;
  assert.deepEqual(goalIn!.links, [{ target: { kind: 'key', key: routeIn!.key }, relation: 'continues', label: 'continues' }]);
  const canvas = jsonCanvasSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
  const group = canvas.nodes!.find((n) => n.type === 'group')!;
  const routeNode = canvas.nodes!.find((n) => n.id === routeIn!.key)!;
  assert.deepEqual(routeIn!.position, { x: routeNode.x, y: routeNode.y - group.y });
});

test('a canvas with dangling edges, duplicate ids and a broken node reports each one and imports the rest', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Linked note.md'), 'Linked body');
  const file = path.join(dir, 'messy.canvas');
  fs.writeFileSync(
    file,
    JSON.stringify({
      nodes: [
        { id: 'a', type: 'text', x: 0, y: 0, width: 200, height: 60, text: 'First card' },
        { id: 'a', type: 'text', x: 0, y: 100, width: 200, height: 60, text: 'Impostor' },
        { id: 'b', type: 'link', x: 300, y: 0, width: 200, height: 60, url: 'https://example.org/' },
        { id: 'c', type: 'file', x: 600, y: 0, width: 200, height: 60, file: 'Linked note.md' },
        { id: 'd', type: 'file', x: 900, y: 0, width: 200, height: 60, file: 'elsewhere/Missing.pdf' },
        { id: 'e', type: 'text', x: 'left', y: 0, width: 200, height: 60, text: 'bad x' },
      ],
      edges: [
        { id: 'e1', fromNode: 'a', toNode: 'b', label: 'source' },
        { id: 'e1', fromNode: 'b', toNode: 'c' },
        { id: 'e2', fromNode: 'a', toNode: 'ghost' },
        { id: 'e3', fromNode: 'c', toNode: 'a', label: 'related' },
      ],
    }),
  );
  const { documents, problems } = readJsonCanvas(sourceFile(file));
  assert.deepEqual(
    documents.map((d) => [d.key, d.title, d.docType, d.content]),
    [
      ['a', 'First card', 'markdown', 'First card'],
      ['b', 'https://example.org/', 'markdown', '<https://example.org/>'],
      ['c', 'Linked note', 'markdown', 'Linked body'],
      ['d', 'Missing', 'markdown', '[[elsewhere/Missing.pdf]]'],
    ],
  );
  assert.deepEqual(documents[0]!.links, [{ target: { kind: 'key', key: 'b' }, relation: 'references', label: 'source' }]);
  assert.deepEqual(documents[2]!.links, [{ target: { kind: 'key', key: 'a' }, relation: 'related', label: 'related' }]);
  const messages = problems.map((p) => p.message);
  assert.equal(messages.length, 4, messages.join('\n'));
  assert.match(messages[0]!, /messy\.canvas: node id “a” is used twice/);
  assert.match(messages[1]!, /messy\.canvas: node 6 is not a valid JSON Canvas node/);
  assert.match(messages[2]!, /messy\.canvas: edge id “e1” is used twice/);
  assert.match(messages[3]!, /messy\.canvas: edge “e2” points at node “ghost”, which is not in the canvas/);
});

test('a file that is not JSON Canvas is refused as a whole, naming the file', () => {
  const file = path.join(tempDir(), 'broken.canvas');
  fs.writeFileSync(file, '{"nodes": [');
  assert.throws(() => readJsonCanvas(sourceFile(file)), /cannot import broken\.canvas: it is not JSON/);
});
