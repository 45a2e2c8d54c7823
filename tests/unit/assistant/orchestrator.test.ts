import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ASSISTANT_TOOL_CALL, Orchestrator, UndoStack } from '../../../src/assistant/index.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import { ImportService } from '../../../src/importers/import-service.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const store: GraphStore = await openTestStore('mem');
await createAssistantWorkspace(store);
const model: WorkspaceModel = await loadWorkspaceModel(store);
const undoFile = path.join(tempDir(), 'data', 'assistant-undo.json');

async function orchestrator(): Promise<Orchestrator> {
  return new Orchestrator({ store, model, undo: await UndoStack.open(undoFile) });
}

test('"create a research note in Project Alpha" creates that note in the thread and logs the tool call', async () => {
  const assistant = await orchestrator();
  const result = await assistant.run('create a research note in Project Alpha');
  assert.equal(result.status, 'executed');
  const created = model.threadDocuments('alpha').find((doc) => doc.title === 'Research note');
  assert.ok(created, 'the note is in Project Alpha');
  assert.ok(result.events.some((event) => event.type === 'DocumentOpened' && event.document.id === created.id));
  const logged = await store.latestEvent(ASSISTANT_TOOL_CALL);
  assert.equal(logged?.payload['tool'], 'create_document');
});

test('rename and move change the document, and undo takes each back in turn', async () => {
  const assistant = await orchestrator();
  assert.equal((await assistant.run('rename startup ideas to Side projects')).status, 'executed');
  assert.equal(model.get('startup-ideas')?.title, 'Side projects');
  assert.equal((await assistant.run('move side projects to archive')).status, 'executed');
  assert.equal(model.get('startup-ideas')?.threadId, 'archive');

  const undoMove = await assistant.run('undo that');
  assert.equal(undoMove.status, 'executed');
  assert.equal(model.get('startup-ideas')?.threadId, null);
  await assistant.run('undo');
  assert.equal(model.get('startup-ideas')?.title, 'Startup ideas');
});

test('delete only proposes until confirmed, then deletes; undo brings the content back', async () => {
  const assistant = await orchestrator();
  const proposed = await assistant.run('delete the lasagne recipe');
  assert.equal(proposed.status, 'needs-confirmation');
  assert.ok(proposed.events.some((event) => event.type === 'ActionProposed'));
  assert.ok(model.has('lasagne'), 'nothing is deleted before confirmation');

  const deleted = await assistant.execute(proposed.intent, { confirmed: true });
  assert.equal(deleted.status, 'executed');
  assert.ok(!model.has('lasagne'));

  const undone = await assistant.run('undo');
  assert.ok(undone.events.some((event) => event.type === 'ActionUndone'));
  const restored = await store.getDocument('lasagne');
  assert.equal(restored.title, 'Lasagne recipe');
  assert.equal(restored.content, '# Lasagne recipe\n');
});

test('the undo stack outlives the orchestrator: a new one (after a restart) undoes the last action', async () => {
  const first = await orchestrator();
  await first.run('link tile quotes to cabinet layout plan');
  assert.equal(model.links('tile-quotes').filter((link) => link.to === 'cabinet-plan').length, 1);

  const second = await orchestrator();
  const undone = await second.run('undo');
  assert.equal(undone.status, 'executed');
  assert.equal(model.links('tile-quotes').filter((link) => link.to === 'cabinet-plan').length, 0);
});

test('undo with an empty stack asks instead of doing anything', async () => {
  const assistant = new Orchestrator({ store, model, undo: await UndoStack.open(path.join(tempDir(), 'empty.json')) });
  const result = await assistant.run('undo');
  assert.equal(result.status, 'clarification');
  assert.match(result.message, /nothing to undo/);
});

test('a question is handed on to be answered from the documents, and export without the export service says it is not available here', async () => {
  const assistant = await orchestrator();
  const asked = await assistant.run('why did we choose these tiles?');
  assert.equal(asked.status, 'shown');
  assert.deepEqual(asked.events, [{ type: 'AnswerRequested', question: 'why did we choose these tiles?' }]);
  const exported = await assistant.run('export tile quotes as pdf');
  assert.equal(exported.status, 'unavailable');
  assert.match(exported.message, /not available here/);
});

test('"export tile quotes as pdf" writes a PDF with the text into the export folder, never over an existing file', async () => {
  const dataDir = tempDir();
  const exportDir = tempDir();
  const assistant = new Orchestrator({ store, model, undo: await UndoStack.open(undoFile), exports: new ExportService(store, dataDir), exportDir });
  const first = await assistant.run('export tile quotes as pdf');
  assert.equal(first.status, 'executed', first.message);
  const second = await assistant.run('export tile quotes as pdf');
  assert.equal(second.status, 'executed', second.message);
  const files = fs.readdirSync(exportDir).sort();
  assert.equal(files.length, 2, `two exports, two files: ${files.join(', ')}`);
  const document = model.get('tile-quotes') ?? [...model.documents()].find((doc) => /tile quotes/i.test(doc.title))!;
  const content = (await store.getDocument(document.id)).content;
  const firstWords = content.replace(/[#*_`>\[\]-]/g, ' ').split(/\s+/).filter((word) => word.length > 3).slice(0, 3);
  for (const file of files) {
    assert.match(file, /\.pdf$/);
    const text = execFileSync('pdftotext', [path.join(exportDir, file), '-'], { encoding: 'utf8' });
    for (const word of firstWords) assert.ok(text.includes(word), `${file} contains "${word}"`);
  }
});

test('"import FILE" imports the file through the import service and opens it', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'harbour-survey.md');
  fs.writeFileSync(file, '# Harbour survey\n\nDepth soundings along the north quay.\n');
  const assistant = new Orchestrator({ store, model, undo: await UndoStack.open(undoFile), imports: new ImportService(store, tempDir()) });
  const result = await assistant.run(`import ${file}`);
  assert.equal(result.status, 'executed', result.message);
  const imported = [...model.documents()].find((doc) => doc.title === 'Harbour survey');
  assert.ok(imported, 'the imported note is in the workspace');
  assert.ok(result.events.some((event) => event.type === 'DocumentOpened' && event.document.id === imported.id), 'and is opened');
  assert.match((await store.getDocument(imported.id)).content, /north quay/);
});

test('an ambiguous command changes nothing and offers the candidates', async () => {
  const assistant = await orchestrator();
  const before = model.size;
  const result = await assistant.run('delete weekly sync', { confirmed: true });
  assert.equal(result.status, 'clarification');
  assert.deepEqual(result.events[0]?.type === 'ClarificationNeeded' ? result.events[0].choices.map((c) => c.id).sort() : [], ['weekly-sync-1', 'weekly-sync-2']);
  assert.equal(model.size, before);
});
