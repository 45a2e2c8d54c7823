import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { GenerateOptions, GenerateRequest, ModelBackend } from '../../../src/ai/model-backend.js';
import { ModelRegistry } from '../../../src/ai/registry/model-registry.js';
import { ACTIONS, ModelCommandReader, Orchestrator, UndoStack, type UserIntent } from '../../../src/assistant/index.js';
import { defaultConfig } from '../../../src/core/index.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel, type WorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { testModels } from '../../support/ai-server.js';
import { exitWhenDone, openTestStore, tempDir } from '../../support/store.js';

// A generated random-weight qwen2 model in the real model process: its
// grammar-bound answers are valid JSON with random content, so these tests
// check the plumbing, not the model's judgement.
exitWhenDone();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-reader-'));
const config = defaultConfig();
config.ai.models.chat = testModels().chat;
config.ai.context_size = 2048;
const registry = new ModelRegistry({ ai: config.ai, modelsDir: path.join(tmp, 'models') });
after(async () => {
  await registry.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const store: GraphStore = await openTestStore('mem');
await createAssistantWorkspace(store);
const model: WorkspaceModel = await loadWorkspaceModel(store);
const threadIds = new Set([...model.threads()].map((thread) => thread.id));

/** The real backend, counting its calls: the test must know the model was asked. */
class CountedBackend {
  calls = 0;
  constructor(private readonly backend: ModelBackend) {}
  asBackend(): ModelBackend {
    return {
      ...this.backend,
      generate: (request: GenerateRequest, options?: GenerateOptions) => {
        this.calls++;
        return this.backend.generate(request, options);
      },
      embed: (texts, options) => this.backend.embed(texts, options),
      tokenize: (text) => this.backend.tokenize(text),
      countTokens: (text) => this.backend.countTokens(text),
      info: () => this.backend.info(),
    };
  }
}
const counted = new CountedBackend(registry.backend('chat'));

async function assistantWith(reader: ModelCommandReader | undefined): Promise<Orchestrator> {
  return new Orchestrator({ store, model, undo: await UndoStack.open(path.join(tempDir(), 'undo.json')), reader: () => Promise.resolve(reader) });
}

/** Every document and thread an intent names exists in the workspace. */
function assertResolved(intent: UserIntent, text: string): void {
  for (const ref of [intent.entities.document, intent.entities.target]) if (ref) assert.ok(model.has(ref.id), `${text}: unknown document ${ref.id}`);
  if (intent.entities.thread) assert.ok(threadIds.has(intent.entities.thread.id), `${text}: unknown thread ${intent.entities.thread.id}`);
  for (const choice of intent.choices ?? []) assert.ok(model.has(choice.id) || threadIds.has(choice.id) || ['pdf', 'markdown', 'canvas'].includes(choice.id), `${text}: unknown choice ${choice.id}`);
}

test('the model answers within the schema: an action it may name, and names no longer than allowed', async () => {
  const reader = new ModelCommandReader(counted.asBackend());
  let answered = 0;
  for (const text of ['blorp the tile thing', 'that one from kitchen']) {
    const reading = await reader.read(text, { threads: ['Kitchen Renovation', 'Thesis'], titles: ['Tile quotes', 'Tile supplier contacts'] });
    // Random weights may stop early or ramble past the token limit; what comes back is within the schema or nothing.
    if (reading) {
      answered++;
      assert.ok((ACTIONS as readonly string[]).includes(reading.action));
      for (const name of [reading.document, reading.thread, reading.title, reading.query]) assert.ok(name === undefined || [...name].length <= 80);
    }
  }
  assert.ok(answered > 0, 'at least one answer came back through the grammar');
  assert.ok(counted.calls >= 2);
});

test('with a chat model, unsure commands go to it, and what comes back names only documents and threads that exist', async () => {
  const assistant = await assistantWith(new ModelCommandReader(counted.asBackend()));
  const before = counted.calls;
  for (const text of ['blorp the tile thing', 'that one from kitchen', 'zap weekly sync', 'budget', 'wibble 2026']) {
    assert.equal(assistant.route(text).intent, 'clarification', `${text}: the fast path asks`);
    const intent = await assistant.routeWithMeaning(text);
    assertResolved(intent, text);
    // A reading that would change the workspace is asked about, never done.
    if (intent.intent !== 'clarification') assert.ok(['open_document', 'show_thread', 'show_time', 'search', 'ask'].includes(intent.action), `${text}: ${intent.action}`);
  }
  assert.equal(counted.calls - before, 5, 'each unsure command was read by the model');
});

test('a command the fast path is sure about never goes to the model', async () => {
  const assistant = await assistantWith(new ModelCommandReader(counted.asBackend()));
  const before = counted.calls;
  const intent = await assistant.routeWithMeaning('open tile quotes');
  assert.equal(intent.entities.document?.id, 'tile-quotes');
  assert.equal(counted.calls, before);
});

test('a reading that does not arrive in time, or is cancelled, is no reading, and the fast path’s question stands', async () => {
  const workspace = { threads: ['Kitchen Renovation'], titles: ['Tile quotes'] };
  // The model answers this command (the schema test above shows it does); 1 ms is less than any answer takes.
  assert.equal(await new ModelCommandReader(counted.asBackend(), 1).read('blorp the tile thing', workspace), undefined);
  const cancelled = new AbortController();
  cancelled.abort();
  assert.equal(await new ModelCommandReader(counted.asBackend()).read('blorp the tile thing', workspace, cancelled.signal), undefined);

  const assistant = await assistantWith(new ModelCommandReader(counted.asBackend(), 1));
  assert.deepEqual(await assistant.routeWithMeaning('open tile'), assistant.route('open tile'));
});

test('with no model installed, the fast path alone answers', async () => {
  const assistant = await assistantWith(undefined);
  assert.deepEqual(await assistant.routeWithMeaning('open tile'), assistant.route('open tile'));
});
