import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { CommandMeaning, Orchestrator, UndoStack } from '../../../src/assistant/index.js';
import { SentenceEncoder } from '../../../src/retrieval/index.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

// The real built-in sentence encoder (Universal Sentence Encoder lite in its
// worker) reading phrasings the lexicon has no verb for.
exitWhenDone();

const store: GraphStore = await openTestStore('mem');
await createAssistantWorkspace(store);
const model: WorkspaceModel = await loadWorkspaceModel(store);
const encoder = await SentenceEncoder.open();
after(() => encoder.close());
let opened = 0;
const meaning = CommandMeaning.open(encoder);
const assistant = new Orchestrator({
  store,
  model,
  undo: await UndoStack.open(path.join(tempDir(), 'undo.json')),
  meaning: () => {
    opened++;
    return meaning;
  },
});

test('"spin up an empty page called Trip" is read as creating a note called Trip', async () => {
  assert.equal(assistant.route('spin up an empty page called Trip').intent, 'clarification', 'the lexicon alone does not know it');
  const intent = await assistant.routeWithMeaning('spin up an empty page called Trip');
  assert.equal(intent.action, 'create_document');
  assert.equal(intent.entities.title, 'Trip');
});

test('a reading cancelled because the person typed on leaves the fast path\'s question standing', async () => {
  const typedOn = new AbortController();
  typedOn.abort();
  const intent = await assistant.routeWithMeaning('spin up an empty page called Trip', {}, typedOn.signal);
  assert.equal(intent.intent, 'clarification');
});

test('"verwandle das in ein PDF" (no German verb the lexicon knows) exports the open document as PDF', async () => {
  const context = { documentId: 'tile-quotes' };
  assert.equal(assistant.route('verwandle das in ein PDF', { context }).intent, 'clarification', 'the lexicon alone does not know it');
  const intent = await assistant.routeWithMeaning('verwandle das in ein PDF', { context });
  assert.equal(intent.action, 'export');
  assert.equal(intent.entities.document?.id, 'tile-quotes');
  assert.equal(intent.entities.format, 'pdf');
});

test('German phrasings the English encoder cannot read are asked back, never guessed', async () => {
  // Held out (tests/fixtures/assistant/meaning-held-out.json): each means an action, and the encoder has no German for it.
  for (const text of ['schaff die Einkaufsliste aus der Welt', 'die letzte Aktion bitte ungeschehen machen', 'ich hätte gern eine leere Seite mit dem Namen Urlaub']) {
    assert.equal((await assistant.routeWithMeaning(text)).intent, 'clarification', text);
  }
});

test('"rewind the last change" after a rename is read as undo, and takes the rename back', async () => {
  assert.equal((await assistant.run('rename startup ideas to Side projects')).status, 'executed');
  const result = await assistant.run('rewind the last change');
  assert.equal(result.intent.action, 'undo');
  assert.equal(result.status, 'executed');
  assert.equal(model.get('startup-ideas')?.title, 'Startup ideas');
});

test('"hunt for notes about taxes" is read as a search for taxes', async () => {
  const intent = await assistant.routeWithMeaning('hunt for notes about taxes');
  assert.equal(intent.action, 'search');
  assert.match(intent.entities.query ?? '', /taxes/);
});

test('nonsense and a bare title are not given a meaning: the question back stands', async () => {
  for (const text of ['blorp fizzle wump', 'banana']) {
    const intent = await assistant.routeWithMeaning(text);
    assert.equal(intent.intent, 'clarification', text);
  }
});

test('a command whose verb the lexicon knows never waits for the encoder', async () => {
  const before = opened;
  const intent = await assistant.routeWithMeaning('open tile quotes');
  assert.equal(intent.entities.document?.id, 'tile-quotes');
  // A known verb with an unknown name is a question, but not one the encoder can answer.
  assert.equal((await assistant.routeWithMeaning('open the blorp')).intent, 'clarification');
  assert.equal(opened, before);
});
