import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeCommand } from '../../../src/assistant/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { completeWithChoice } from '../../../src/ui/command-choice.js';
import { proposalText } from '../../../src/ui/command-proposal.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

const store = await openTestStore('mem');
await createAssistantWorkspace(store);
const model = await loadWorkspaceModel(store);
const now = new Date('2026-03-15T12:00:00Z');
const proposal = (text: string, documentId?: string) => proposalText(routeCommand(text, model, { now, ...(documentId ? { context: { documentId } } : {}) }));

test('the first row says what Enter will do, naming the document and thread it resolved to', () => {
  assert.equal(proposal('opne tile quotes'), 'Open ‘Tile quotes’');
  assert.equal(proposal('create a research note in Project Alpha'), 'Create ‘Research note’ in Project Alpha');
  assert.equal(proposal('export this as PDF', 'budget-2026'), 'Export ‘Budget 2026’ as PDF');
  assert.equal(proposal('rename it to Kitchen budget', 'tile-quotes'), 'Rename ‘Tile quotes’ to ‘Kitchen budget’');
  assert.equal(proposal('move the lasagne recipe to archive'), 'Move ‘Lasagne recipe’ to Archive');
});

test('a delete is proposed with an ellipsis: Enter asks before anything is deleted', () => {
  assert.equal(proposal('delete the grocery list'), 'Delete ‘Grocery list’…');
});

test('picking a choice of "open tile" opens exactly that document, as certain', () => {
  const question = routeCommand('open tile', model, { now });
  assert.equal(question.intent, 'clarification');
  const supplier = question.choices!.find((choice) => choice.id === 'tile-supplier')!;
  const completed = completeWithChoice(question, supplier, 'document');
  assert.equal(completed.action, 'open_document');
  assert.deepEqual(completed.entities.document, { id: 'tile-supplier', title: 'Tile supplier contacts' });
  assert.equal(completed.confidence, 1);
  assert.equal(proposalText(completed), 'Open ‘Tile supplier contacts’');
});

test('a choice completes the action the router was unsure about: a delete stays a delete', () => {
  const question = routeCommand('delete weekly sync', model, { now });
  assert.equal(question.intent, 'clarification');
  assert.equal(question.pending, 'delete_document');
  const completed = completeWithChoice(question, question.choices![0]!, 'document');
  assert.equal(completed.action, 'delete_document');
  assert.equal(completed.entities.document?.id, question.choices![0]!.id);
});

test('a format choice of an unknown export format completes the export in that format', () => {
  const question = routeCommand('export this as docx', model, { now, context: { documentId: 'budget-2025' } });
  assert.equal(question.intent, 'clarification');
  const pdf = question.choices!.find((choice) => choice.id === 'pdf')!;
  const completed = completeWithChoice(question, pdf, 'format');
  assert.equal(completed.action, 'export');
  assert.equal(completed.entities.format, 'pdf');
});
