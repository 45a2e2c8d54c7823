import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { startApi, testModels, type RunningApi } from '../../support/ai-server.js';

let api: RunningApi;
let client: OpenAI;

before(async () => {
  api = await startApi();
  client = new OpenAI({ baseURL: api.baseURL, apiKey: 'unused', maxRetries: 0 });
});
after(async () => api.close());

test('the models endpoint lists the configured chat and embedding models', async () => {
  const page = await client.models.list();
  const ids = page.data.map((m) => m.id).sort();
  assert.deepEqual(ids, ['tiny-bert', 'tiny-qwen2']);
});

test('a plain chat completion returns text, a finish reason and usage counts', async () => {
  const completion = await client.chat.completions.create({
    model: 'tiny-qwen2',
    messages: [{ role: 'user', content: 'Hello there, summarise the meeting notes.' }],
    max_tokens: 24,
  });
  const choice = completion.choices[0]!;
  assert.equal(choice.finish_reason, 'length', 'the generated model never stops by itself, so max_tokens ends it');
  assert.ok(choice.message.content && choice.message.content.length > 0);
  assert.equal(completion.usage?.completion_tokens, 24);
  assert.ok((completion.usage?.prompt_tokens ?? 0) > 5, 'the prompt is rendered with the chat template and counted');
});

test('a role name works as the model name', async () => {
  const completion = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
  assert.equal(completion.model, 'tiny-qwen2');
});

test('a streamed chat completion arrives in chunks that add up to max_tokens', async () => {
  const stream = await client.chat.completions.create({
    model: 'tiny-qwen2',
    messages: [{ role: 'user', content: 'Write a long story.' }],
    max_tokens: 40,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let contentChunks = 0;
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined | null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta.content) {
      text += choice.delta.content;
      contentChunks++;
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  assert.ok(contentChunks > 1, `expected several content chunks, got ${contentChunks}`);
  assert.ok(text.length > 0);
  assert.equal(finish, 'length');
  assert.equal(usage?.completion_tokens, 40);
});

test('json_schema output parses and respects the schema, numbers clamped in code', async () => {
  const schema = {
    type: 'object',
    properties: {
      title: { type: 'string', maxLength: 12 },
      score: { type: 'number', minimum: 0, maximum: 1 },
      count: { type: 'integer', minimum: 1, maximum: 5 },
      kind: { type: 'string', enum: ['note', 'image', 'pdf'] },
      done: { type: 'boolean' },
    },
    required: ['title', 'score', 'count', 'kind', 'done'],
    additionalProperties: false,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const completion = await client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'Describe this document as JSON.' }],
      max_tokens: 400,
      temperature: 0.8,
      seed: attempt + 1,
      response_format: { type: 'json_schema', json_schema: { name: 'doc', schema, strict: true } },
    });
    const value = JSON.parse(completion.choices[0]!.message.content!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value).sort(), ['count', 'done', 'kind', 'score', 'title']);
    assert.ok(typeof value['title'] === 'string' && [...value['title']].length <= 12);
    assert.ok(typeof value['score'] === 'number' && value['score'] >= 0 && value['score'] <= 1);
    assert.ok(Number.isInteger(value['count']) && (value['count'] as number) >= 1 && (value['count'] as number) <= 5);
    assert.ok(['note', 'image', 'pdf'].includes(value['kind'] as string));
    assert.equal(typeof value['done'], 'boolean');
  }
});

const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 20 }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city', 'days'] },
  },
};
const LIST_NOTES_TOOL: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'list_notes', parameters: { type: 'object', properties: {} } } };

/** The one tool call of a completion that must call a tool. */
function onlyToolCall(completion: OpenAI.ChatCompletion): { id: string; name: string; args: Record<string, unknown> } {
  const choice = completion.choices[0]!;
  assert.equal(choice.finish_reason, 'tool_calls');
  const calls = choice.message.tool_calls ?? [];
  assert.equal(calls.length, 1);
  const call = calls[0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
  return { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) as Record<string, unknown> };
}

test('tool_choice "required" always comes back as one tool call to an offered tool', async () => {
  const completion = await client.chat.completions.create({
    model: 'tiny-qwen2',
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    max_tokens: 300,
    tools: [WEATHER_TOOL, LIST_NOTES_TOOL],
    tool_choice: 'required',
  });
  const call = onlyToolCall(completion);
  assert.match(call.id, /^call_/);
  assert.ok(['get_weather', 'list_notes'].includes(call.name), call.name);
});

test('a named tool is always called, with arguments that follow its schema', async () => {
  // Three seeds, so that the schema holds for more than one sampled answer.
  for (const seed of [1, 2, 3]) {
    const weather = onlyToolCall(
      await client.chat.completions.create({
        model: 'tiny-qwen2',
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
        max_tokens: 300,
        temperature: 0.8,
        seed,
        tools: [WEATHER_TOOL, LIST_NOTES_TOOL],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      }),
    );
    assert.equal(weather.name, 'get_weather');
    assert.deepEqual(Object.keys(weather.args).sort(), ['city', 'days']);
    assert.ok(typeof weather.args['city'] === 'string' && [...weather.args['city']].length <= 20, `city ${JSON.stringify(weather.args['city'])}`);
    const days = weather.args['days'];
    assert.ok(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= 7, `days ${JSON.stringify(days)}`);
  }

  const notes = onlyToolCall(
    await client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'List my notes.' }],
      max_tokens: 100,
      tools: [LIST_NOTES_TOOL],
      tool_choice: { type: 'function', function: { name: 'list_notes' } },
    }),
  );
  assert.equal(notes.name, 'list_notes');
  assert.deepEqual(notes.args, {});
});

test('embeddings come back L2-normalised, one per input, through the default base64 encoding', async () => {
  const response = await client.embeddings.create({ model: 'tiny-bert', input: ['the budget meeting notes', 'a quick brown fox', 'the budget meeting notes'] });
  assert.equal(response.data.length, 3);
  for (const item of response.data) {
    assert.equal(item.embedding.length, 64);
    const norm = Math.sqrt(item.embedding.reduce((sum, x) => sum + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-4, `norm ${norm}`);
  }
  const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  assert.ok(dot(response.data[0]!.embedding, response.data[2]!.embedding) > 0.9999, 'the same text embeds the same');
  assert.ok(dot(response.data[0]!.embedding, response.data[1]!.embedding) < 0.9999, 'different texts embed differently');
  assert.ok(response.usage.prompt_tokens > 3);
});

test('aborting a stream stops the generation in the model process', async () => {
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model: 'tiny-qwen2', messages: [{ role: 'user', content: 'Go on forever.' }], max_tokens: 3500, stream: true },
    { signal: controller.signal },
  );
  let chunks = 0;
  try {
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) chunks++;
      if (chunks === 3) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIUserAbortError, String(error));
  }
  assert.equal(chunks, 3);
  // The host records how each generation ended; wait for it to settle.
  let status = await api.registry.status();
  for (let i = 0; i < 200 && (status.lastGeneration?.stopReason !== 'abort' || status.loaded.some((m) => m.activeRequests > 0)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await api.registry.status();
  }
  assert.equal(status.lastGeneration?.stopReason, 'abort');
  assert.ok(status.lastGeneration!.completionTokens < 3500, `stopped after ${status.lastGeneration!.completionTokens} tokens`);
  const host = await api.registry.host.request('status', {});
  assert.equal(host.activeGenerations, 0);
});

test('errors come back in the OpenAI shape: unknown model, bad request', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.match(error.message, /No model "nope"/);
    return true;
  });
  await assert.rejects(client.chat.completions.create({ model: 'tiny-qwen2', messages: [] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.match(error.message, /messages/);
    return true;
  });
});

test('the malformed model named in config is refused before the model process sees it; the API reports it and serves on', async () => {
  const models = testModels();
  await api.registry.swap('router', models.malformed);
  await client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 });
  const pidBefore = api.registry.host.pid;
  assert.ok(pidBefore !== undefined, 'a model process is running');
  await assert.rejects(client.chat.completions.create({ model: 'malformed-qwen2', messages: [{ role: 'user', content: 'x' }], max_tokens: 4 }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.InternalServerError);
    assert.match(error.message, /malformed-qwen2\.gguf is not loaded: .*missing required metadata: qwen2\.feed_forward_length/);
    return true;
  });
  const completion = await client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'still there?' }], max_tokens: 5 });
  assert.equal(completion.usage?.completion_tokens, 5);
  assert.equal(api.registry.host.pid, pidBefore, 'the same model process serves on');
  assert.equal(api.registry.host.crashCount, 0);
});

test('a model that aborts llama.cpp kills only the model process; the API then serves again from a new one', async () => {
  const models = testModels();
  const pidBefore = api.registry.host.pid;
  // Past the registry's header check on purpose: straight to the host, as a file the check does not catch would go.
  await assert.rejects(
    api.registry.host.request('load', { path: models.malformed, purpose: 'chat', options: { contextSize: 512, threads: 1, parallelSequences: 1 } }),
    /model process stopped unexpectedly \(killed by SIGABRT\)/,
  );
  const completion = await client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'still there?' }], max_tokens: 5 });
  assert.equal(completion.usage?.completion_tokens, 5);
  assert.notEqual(api.registry.host.pid, pidBefore, 'a new model process serves the request');
});
