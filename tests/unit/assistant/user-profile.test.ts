import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Orchestrator, UndoStack, UserProfile, actThreshold, routeCommand, type UserIntent } from '../../../src/assistant/index.js';
import { ExportService } from '../../../src/exporters/export-service.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

exitWhenDone();

const store: GraphStore = await openTestStore('mem');
await createAssistantWorkspace(store);
// Two threads whose names tie for "reading" (0.85 and 0.8: within the 0.05 margin).
await store.createThread({ id: 'reading-list', name: 'Reading list', order: 20 });
await store.createThread({ id: 'reading-group', name: 'Reading group minutes', order: 21 });
const model: WorkspaceModel = await loadWorkspaceModel(store);

/** An orchestrator with a fresh profile and undo stack of its own. */
async function withProfile(): Promise<{ assistant: Orchestrator; profile: UserProfile; file: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'assistant-profile.json');
  const profile = await UserProfile.open(file);
  const undo = await UndoStack.open(path.join(dir, 'assistant-undo.json'));
  const assistant = new Orchestrator({ store, model, undo, profile, exports: new ExportService(store, dir), exportDir: tempDir() });
  return { assistant, profile, file };
}

const openIntent = (id: string, title: string): UserIntent => ({ intent: 'navigation', action: 'open_document', confidence: 1, entities: { document: { id, title } } });

async function acceptOpens(assistant: Orchestrator, times: number): Promise<void> {
  for (let i = 0; i < times; i++) assert.equal((await assistant.run('open survey results')).status, 'shown');
}

test('the clarification threshold stays 0.7 until 20 decisions, then runs from 0.65 (nothing undone) to 0.8 (one in five undone)', () => {
  assert.equal(actThreshold({ accepted: 19, undone: 0, corrected: 0 }), 0.7);
  assert.equal(actThreshold({ accepted: 0, undone: 19, corrected: 0 }), 0.7);
  assert.equal(actThreshold({ accepted: 20, undone: 0, corrected: 0 }), 0.65);
  assert.equal(actThreshold({ accepted: 28, undone: 1, corrected: 1 }), 0.7);
  assert.equal(actThreshold({ accepted: 16, undone: 2, corrected: 2 }), 0.8);
  assert.equal(actThreshold({ accepted: 10, undone: 30, corrected: 0 }), 0.8);
});

test('after many accepted actions a borderline command is carried out instead of asked about', async () => {
  const { assistant } = await withProfile();
  // "drawing" is in no title: the match is borderline (about 0.67).
  const before = assistant.route('open cabinet layout drawing');
  assert.equal(before.intent, 'clarification');
  await acceptOpens(assistant, 20);
  const after = assistant.route('open cabinet layout drawing');
  assert.equal(after.action, 'open_document');
  assert.equal(after.entities.document?.title, 'Cabinet layout plan');
});

test('after many undone actions a borderline command asks instead of acting', async () => {
  const { assistant, profile } = await withProfile();
  // "list" is in no title of the tile documents: acted on at the default 0.7.
  assert.equal(assistant.route('open tile quote list').action, 'open_document');
  await acceptOpens(assistant, 16);
  for (let i = 0; i < 4; i++) {
    assert.equal((await assistant.run('rename startup ideas to Side projects')).status, 'executed');
    assert.equal((await assistant.run('undo')).status, 'executed');
  }
  assert.deepEqual(profile.counts(), { accepted: 16, undone: 4, corrected: 0 });
  const after = assistant.route('open tile quote list');
  assert.equal(after.intent, 'clarification');
  assert.deepEqual(
    after.choices?.map((choice) => choice.title),
    ['Tile quotes'],
  );
});

test('picking another choice than the first is recorded as a correction', async () => {
  const { assistant, profile } = await withProfile();
  await assistant.execute(openIntent('tile-supplier', 'Tile supplier contacts'), { corrected: true });
  await assistant.execute(openIntent('tile-quotes', 'Tile quotes'));
  assert.deepEqual(profile.counts(), { accepted: 1, undone: 0, corrected: 1 });
});

test('a document opened often wins a near-tie; two documents with the same title still ask', async () => {
  const { assistant } = await withProfile();
  assert.equal(assistant.route('open tile').intent, 'clarification');
  for (let i = 0; i < 5; i++) await assistant.execute(openIntent('tile-quotes', 'Tile quotes'));
  const tile = assistant.route('open tile');
  assert.equal(tile.action, 'open_document');
  assert.equal(tile.entities.document?.id, 'tile-quotes');

  for (let i = 0; i < 30; i++) await assistant.execute(openIntent('weekly-sync-1', 'Weekly sync'));
  const same = assistant.route('open weekly sync');
  assert.equal(same.intent, 'clarification');
  assert.deepEqual(same.choices?.map((choice) => choice.id).sort(), ['weekly-sync-1', 'weekly-sync-2']);
});

test('a document opened often does not win a tie it trails: the better match is still asked about', async () => {
  const { assistant } = await withProfile();
  // "Tile supplier contacts" matches "tile" less well than "Tile quotes"; using it often must not make the router pick it.
  for (let i = 0; i < 30; i++) await assistant.execute(openIntent('tile-supplier', 'Tile supplier contacts'));
  assert.equal(assistant.route('open tile').intent, 'clarification');
});

test('a thread used often wins a near-tie for a new note', async () => {
  const { assistant } = await withProfile();
  assert.equal(assistant.route('create a note in reading').intent, 'clarification');
  for (let i = 0; i < 5; i++) assert.equal((await assistant.run('show the reading list thread')).status, 'shown');
  const routed = assistant.route('create a note in reading');
  assert.equal(routed.action, 'create_document');
  assert.equal(routed.entities.thread?.id, 'reading-list');
});

test('"export" with no format uses the format the person exported in most', async () => {
  const { assistant } = await withProfile();
  assert.equal(assistant.route('export tile quotes').entities.format, 'pdf');
  for (let i = 0; i < 2; i++) assert.equal((await assistant.run('export tile quotes as markdown')).status, 'executed');
  assert.equal(assistant.route('export tile quotes').entities.format, 'markdown');
  assert.equal(assistant.route('export tile quotes as pdf').entities.format, 'pdf');
});

test('the profile survives a restart, and a damaged profile file starts empty instead of failing', async () => {
  const { assistant, file } = await withProfile();
  await acceptOpens(assistant, 3);
  const reopened = await UserProfile.open(file);
  assert.deepEqual(reopened.counts(), { accepted: 3, undone: 0, corrected: 0 });
  assert.equal(reopened.preferences().usageBonus('document', 'survey-results') > 0, true);

  fs.writeFileSync(file, '{"version": 1, "decisions": [{"action": "explode"}]}');
  const damaged = await UserProfile.open(file);
  assert.deepEqual(damaged.counts(), { accepted: 0, undone: 0, corrected: 0 });
  assert.equal(routeCommand('open cabinet layout drawing', model, { preferences: damaged.preferences() }).intent, 'clarification');
});
