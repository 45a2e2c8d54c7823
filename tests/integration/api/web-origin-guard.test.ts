import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { ApiServer } from '../../../src/api/api-server.js';
import { isSovereignError } from '../../../src/core/index.js';
import { startApi, type RunningApi } from '../../support/ai-server.js';
import { rawExchange, requestHead } from '../../support/raw-http.js';

/**
 * Web pages and other machines: a page the user visits must not drive the
 * local models (issue 17 item 5), and a server bound beyond loopback must
 * not serve strangers without a token (item 6).
 */
const ALLOWED = 'http://localhost:5173';
let api: RunningApi;

before(async () => {
  api = await startApi({ allowedOrigins: [ALLOWED] });
});
after(async () => api.close());

const chatBody = JSON.stringify({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });

function errorCode(body: string): string | null {
  return (JSON.parse(body) as { error: { code: string | null } }).error.code;
}

test('a cross-site text/plain POST from a web page is refused with 403 and never reaches a model', async () => {
  const response = await rawExchange({
    port: api.port,
    head: requestHead('POST', '/v1/chat/completions', api.port, { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, chatBody),
  });
  assert.equal(response.status, 403);
  assert.equal(errorCode(response.body), 'forbidden_origin');
  assert.match(response.body, /evil\.example.*allowed_origins/);
  assert.equal(response.headers['access-control-allow-origin'], undefined, 'the page may not even read the refusal');
  const status = await api.registry.status();
  assert.equal(status.loaded.length, 0, 'no model was loaded for it');
});

test('a browser request marked Sec-Fetch-Site: cross-site is refused even without an Origin', async () => {
  const response = await rawExchange({
    port: api.port,
    head: requestHead('POST', '/v1/chat/completions', api.port, { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' }, chatBody),
  });
  assert.equal(response.status, 403);
  assert.equal(errorCode(response.body), 'forbidden_origin');
});

test('a JSON body sent as text/plain is refused with 415, even from a program', async () => {
  const response = await rawExchange({ port: api.port, head: requestHead('POST', '/v1/chat/completions', api.port, { 'Content-Type': 'text/plain' }, chatBody) });
  assert.equal(response.status, 415);
  assert.equal(errorCode(response.body), 'unsupported_media_type');
  assert.match(response.body, /application\/json/);
});

test('a CORS preflight is answered for an allowed origin only', async () => {
  const preflight = (origin: string) =>
    rawExchange({
      port: api.port,
      head: requestHead('OPTIONS', '/v1/chat/completions', api.port, {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, authorization, x-stainless-os',
      }),
    });
  const allowed = await preflight(ALLOWED);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED);
  assert.match(allowed.headers['access-control-allow-methods'] ?? '', /POST/);
  assert.match(allowed.headers['access-control-allow-headers'] ?? '', /content-type/);
  assert.match(allowed.headers['access-control-allow-headers'] ?? '', /x-stainless-os/);
  const foreign = await preflight('https://evil.example');
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers['access-control-allow-origin'], undefined);
});

test('an allowed origin gets its answer with Access-Control-Allow-Origin', async () => {
  const response = await rawExchange({
    port: api.port,
    head: requestHead('POST', '/v1/chat/completions', api.port, { Origin: ALLOWED, 'Content-Type': 'application/json' }, chatBody),
  });
  assert.equal(response.status, 200, response.body);
  assert.equal(response.headers['access-control-allow-origin'], ALLOWED);
  assert.equal((JSON.parse(response.body) as { object: string }).object, 'chat.completion');
});

test('the openai client, which sends no Origin, is served as before', async () => {
  const client = new OpenAI({ baseURL: api.baseURL, apiKey: 'unused', maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: 'tiny-qwen2', messages: [{ role: 'user', content: 'hello' }], max_tokens: 3 });
  assert.equal(completion.usage?.completion_tokens, 3);
});

test('a server bound to 0.0.0.0 without a token refuses to start, naming the token setting', () => {
  assert.throws(
    () => new ApiServer({ host: '0.0.0.0', port: 0, token: '', maxBodyBytes: 4096, models: api.registry }),
    (error: unknown) => isSovereignError(error, 'config') && /0\.0\.0\.0/.test(error.message) && /\[api\] token/.test(error.hint ?? ''),
  );
  assert.throws(() => new ApiServer({ host: '::', port: 0, token: '', maxBodyBytes: 4096, models: api.registry }), /Refusing to serve/);
});

test('bound to 0.0.0.0, a request claiming Host: 127.0.0.1 still needs the token, and a LAN name with the token is served', async () => {
  const exposed = await startApi({ host: '0.0.0.0', token: 'lan-secret-token' });
  try {
    const spoofed = await rawExchange({ port: exposed.port, head: requestHead('GET', '/v1/models', exposed.port, {}) });
    assert.equal(spoofed.status, 401);
    assert.equal(errorCode(spoofed.body), 'invalid_api_key');
    const lan = await rawExchange({
      port: exposed.port,
      head: `GET /v1/models HTTP/1.1\r\nHost: 192.168.1.20:${exposed.port}\r\nAuthorization: Bearer lan-secret-token\r\n\r\n`,
    });
    assert.equal(lan.status, 200, lan.body);
    assert.ok(exposed.server.exposed);
  } finally {
    await exposed.close();
  }
});
