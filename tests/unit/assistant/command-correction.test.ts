import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correctsProposal, routeCommand, type RoutedText } from '../../../src/assistant/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { exitWhenDone, openTestStore } from '../../support/store.js';

// Real routing over the assistant test workspace: the texts are what a
// person types into the command bar, one after the other.
exitWhenDone();

const store = await openTestStore('mem');
await createAssistantWorkspace(store);
const model = await loadWorkspaceModel(store);
const routed = (text: string): RoutedText => ({ text, intent: routeCommand(text, model) });

test('editing "delete lasagne recipe" into "delete tile quotes" corrects the proposal: the same command now acts on another document', () => {
  assert.equal(routed('delete lasagne recipe').intent.entities.document?.id, 'lasagne');
  assert.equal(correctsProposal(routed('delete lasagne recipe'), routed('delete tile quotes')), true);
});

test('typing on past a proposal made along the way is no correction', () => {
  const along = routed('open research');
  assert.equal(along.intent.action, 'show_thread', 'a proposal was shown while typing: the thread Research');
  const typed = routed('open research plan');
  assert.equal(typed.intent.entities.document?.id, 'research-plan');
  assert.equal(correctsProposal(along, typed), false);
  assert.equal(correctsProposal(routed('open t'), routed('open tile supplier contacts')), false);
});

test('clearing the bar for another command is a new wish, not a correction', () => {
  assert.equal(correctsProposal(routed('open lasagne recipe'), routed('delete tile quotes')), false);
});

test('an edit that acts on the same thing (a typo fixed, words rephrased) is no correction', () => {
  assert.equal(correctsProposal(routed('open lasagne recipe'), routed('open the lasagne recipe')), false);
});

test('a question back is no proposal: the text that answers it corrects nothing', () => {
  const asked = routed('open tile');
  assert.equal(asked.intent.intent, 'clarification');
  assert.equal(correctsProposal(asked, routed('open lasagne recipe')), false);
});
