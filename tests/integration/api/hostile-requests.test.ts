import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { startApi, type RunningApi } from '../../support/ai-server.js';
import { rawExchange, requestHead } from '../../support/raw-http.js';

/**
 * One client must not be able to take the server or the model process down
 * for everyone (issue 17 item 7): oversized schemas and inputs are the
 * client's mistake (4xx, checked before anything reaches the model), and a
 * client that sends its body slowly or never is cut off.
 */
let api: RunningApi;
let client: OpenAI;
const BODY_DEADLINE_MS = 600;

before(async () => {
  api = await startApi({ bodyTimeoutMs: BODY_DEADLINE_MS, headersTimeoutMs: 600 });
  client = new OpenAI({ baseURL: api.baseURL, apiKey: 'unused', maxRetries: 0 });
});
after(async () => api.close());

function nestedSchema(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema }, required: ['a'] };
  return schema;
}

async function rejectsWith(promise: Promise<unknown>, status: number, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, status, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a response_format schema nested 1,000 levels deep is a 400, and another client\'s stream goes on undisturbed', async () => {
  // A stream in flight on the same model process while the hostile request comes in.
  const stream = await client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'Tell a long story.' }], max_tokens: 300, stream: true });
  const chunks = stream[Symbol.asyncIterator]();
  await chunks.next(); // the stream has begun
  const pidBefore = api.registry.host.pid;
  await rejectsWith(
    client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'deep', schema: nestedSchema(1000) } },
    }),
    400,
    /response_format is too large: it is nested more than 32 levels deep/,
  );
  let finish: string | null = null;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) finish = next.value.choices[0]?.finish_reason ?? finish;
  assert.equal(finish, 'length', 'the other stream ran to its max_tokens');
  assert.equal(api.registry.host.pid, pidBefore, 'the same model process still serves');
  assert.equal(api.registry.host.crashCount, 0);
});

test('a tool whose parameters nest 1,000 levels deep is a 400 naming the tool', async () => {
  await rejectsWith(
    client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'deep_tool', parameters: nestedSchema(1000) } }],
      tool_choice: 'required',
    }),
    400,
    /tools\.deep_tool\.parameters is too large/,
  );
});

test('a 50,000-value enum is a 400 at once, not 17 s of grammar building', async () => {
  const values = Array.from({ length: 50_000 }, (_, i) => `value-${i}`);
  await rejectsWith(
    client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'big', schema: { type: 'object', properties: { v: { type: 'string', enum: values } }, required: ['v'] } } },
    }),
    400,
    /more than 1000 values/,
  );
});

test('a 10 KB tool name and 1,000 tools are 400s', async () => {
  await rejectsWith(
    client.chat.completions.create({
      model: 'tiny-qwen2',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'n'.repeat(10_000), parameters: { type: 'object', properties: {} } } }],
    }),
    400,
    /tool name "n{40}…" is not valid/,
  );
  const tools = Array.from({ length: 1000 }, (_, i) => ({ type: 'function' as const, function: { name: `tool_${i}`, parameters: { type: 'object', properties: {} } } }));
  await rejectsWith(client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'x' }], tools }), 400, /1000 tools were given; at most 128/);
});

test('tool-call arguments nested 3,000 or 100,000 levels deep are a 400, and the model process survives', async () => {
  for (const levels of [3000, 100_000]) {
    const deep = '['.repeat(levels) + ']'.repeat(levels);
    await rejectsWith(
      client.chat.completions.create({
        model: 'tiny-qwen2',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: deep } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        ],
        max_tokens: 2,
      }),
      400,
      /arguments of the earlier call to "f" are nested more than 64 levels deep/,
    );
  }
  assert.equal(api.registry.host.crashCount, 0);
});

test('a 2 MB embedding input, and one longer than the model reads, are 400s that say how long an input may be', async () => {
  await rejectsWith(client.embeddings.create({ model: 'tiny-bert', input: 'word '.repeat(400_000) }), 400, /at most 100000 characters/);
  await rejectsWith(client.embeddings.create({ model: 'tiny-bert', input: ['short', 'word '.repeat(12_000)] }), 400, /input 1 is \d+ tokens long; tiny-bert\.gguf embeds at most \d+ tokens/);
  const ok = await client.embeddings.create({ model: 'tiny-bert', input: 'still embeds' });
  assert.equal(ok.data.length, 1);
});

test('a body shorter than its Content-Length gets a 408 within the deadline, and the connection is closed', async () => {
  const response = await rawExchange({
    port: api.port,
    head: requestHead('POST', '/v1/chat/completions', api.port, { 'Content-Type': 'application/json', 'Content-Length': '500' }) + '{"model": "tiny',
  });
  assert.equal(response.status, 408, JSON.stringify(response));
  assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'request_timeout');
  assert.equal(response.headers['connection'], 'close');
});

test('a body that trickles in a byte at a time is cut off with a 408', async () => {
  const body = chatBodyOf(40);
  const response = await rawExchange({
    port: api.port,
    head: requestHead('POST', '/v1/embeddings', api.port, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }),
    pieces: [...body],
    trickleMs: 50,
  });
  assert.equal(response.status, 408);
  assert.match(response.body, /did not arrive within 0\.6 s/);
});

test('headers that trickle in are cut off by the server', async () => {
  const head = `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\n`;
  const response = await rawExchange({ port: api.port, head, pieces: Array.from({ length: 200 }, (_, i) => `X-Slow-${i}: 1\r\n`), trickleMs: 50 });
  assert.equal(response.status, 408, JSON.stringify(response));
  assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'request_timeout');
});

test('bytes that are not HTTP get an OpenAI-shaped 400', async () => {
  const response = await rawExchange({ port: api.port, head: 'HELLO THERE\r\n\r\n' });
  assert.equal(response.status, 400);
  assert.match((JSON.parse(response.body) as { error: { message: string } }).error.message, /not valid HTTP/);
});

test('after all of that the server still answers', async () => {
  const models = await client.models.list();
  assert.equal(models.data.length, 2);
});

function chatBodyOf(minLength: number): string {
  const body = JSON.stringify({ model: 'tiny-bert', input: 'x'.repeat(minLength) });
  return body;
}
