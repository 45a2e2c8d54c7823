import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testModels } from '../../support/ai-server.js';
import { cliEntry } from '../../support/repo.js';
import { servePort } from '../../support/serve-port.js';

/**
 * The real `sovereign` command in a private HOME: models add/list, generate,
 * and serve with its guards (Host header, bearer token, body limit) and a
 * clean shutdown on SIGTERM that takes the model process with it.
 */
let home: string;
let env: NodeJS.ProcessEnv;
let serve: ChildProcess;
let port: number;
const TOKEN = 'test-token-123';

function sovereign(args: string[]) {
  return spawnSync(process.execPath, [cliEntry, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

function rawRequest(options: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

before(async () => {
  const models = testModels();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-serve-'));
  env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), SOVEREIGN_LOG: 'error' };
  for (const [file, name] of [
    [models.chat, 'tiny-qwen2'],
    [models.embedding, 'tiny-bert'],
  ] as const) {
    const added = sovereign(['models', 'add', file, '--name', name]);
    assert.equal(added.status, 0, added.stderr);
  }
  fs.mkdirSync(path.join(home, 'config', 'sovereign'), { recursive: true });
  fs.writeFileSync(
    path.join(home, 'config', 'sovereign', 'config.toml'),
    `[ai]\ncontext_size = 2048\n[ai.models]\nchat = "tiny-qwen2"\nembedding = "tiny-bert"\n[api]\ntoken = "${TOKEN}"\nmax_body_bytes = 2048\n`,
  );
  serve = spawn(process.execPath, [cliEntry, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  port = await servePort(serve);
});

after(() => {
  if (serve.exitCode === null) serve.kill('SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
});

test('models list shows what was added, with its metadata and hash', () => {
  const listed = sovereign(['models', 'list', '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  const models = JSON.parse(listed.stdout) as { name: string; sha256: string; metadata: { architecture: string; kind: string } }[];
  assert.deepEqual(models.map((m) => [m.name, m.metadata.architecture, m.metadata.kind]), [
    ['tiny-bert', 'bert', 'embedding'],
    ['tiny-qwen2', 'qwen2', 'chat'],
  ]);
  assert.match(models[0]!.sha256, /^[0-9a-f]{64}$/);
});

test('models add refuses the malformed model before it can crash anything', () => {
  const result = sovereign(['models', 'add', testModels().malformed]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /missing required metadata: qwen2\.feed_forward_length/);
});

test('generate prints an answer from the chat model', () => {
  const result = sovereign(['generate', 'Hello', '--max-tokens', '8', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const value = JSON.parse(result.stdout) as { text: string; usage: { completionTokens: number } };
  assert.equal(value.usage.completionTokens, 8);
  assert.ok(value.text.length > 0);
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const response = await rawRequest({ method: 'GET', path: '/v1/models', headers: { host: 'evil.example:80', authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 403);
  assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'forbidden_host');
});

test('the bearer token is required when configured', async () => {
  const missing = await rawRequest({ method: 'GET', path: '/v1/models' });
  assert.equal(missing.status, 401);
  assert.equal((JSON.parse(missing.body) as { error: { code: string } }).error.code, 'invalid_api_key');
  const ok = await rawRequest({ method: 'GET', path: '/v1/models', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
});

test('bodies over the limit and malformed JSON get clear errors', async () => {
  const big = await rawRequest({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }),
  });
  assert.equal(big.status, 413);
  assert.match(big.body, /max_body_bytes/);
  const bad = await rawRequest({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"model": ' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /not valid JSON/);
});

test('serve --host 0.0.0.0 without a token refuses to start and says how to set one', () => {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-serve-bare-'));
  try {
    const result = spawnSync(process.execPath, [cliEntry, 'serve', '--host', '0.0.0.0', '--port', '0'], {
      env: { ...env, HOME: bare, XDG_CONFIG_HOME: path.join(bare, 'config'), XDG_DATA_HOME: path.join(bare, 'data') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /Refusing to serve the models on 0\.0\.0\.0/);
    assert.match(result.stderr, /\[api\] token/);
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
});

test('serve --host 0.0.0.0 with a token starts with a loud warning on stderr', async () => {
  const exposed = spawn(process.execPath, [cliEntry, 'serve', '--host', '0.0.0.0', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const warning = await new Promise<string>((resolve, reject) => {
      let err = '';
      exposed.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        if (/WARNING/.test(err) && err.endsWith('\n')) resolve(err);
      });
      exposed.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    });
    assert.match(warning, /WARNING: the API listens on 0\.0\.0\.0, not only on this machine/);
  } finally {
    exposed.kill('SIGKILL');
  }
});

test('SIGTERM shuts the server down cleanly, model process included', async () => {
  const response = await rawRequest({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
  });
  assert.equal(response.status, 200, response.body);
  const status = await rawRequest({ method: 'GET', path: '/v1/status', headers: { authorization: `Bearer ${TOKEN}` } });
  const hostPid = (JSON.parse(status.body) as { hostPid: number }).hostPid;
  assert.ok(hostPid > 0);
  const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
  serve.kill('SIGTERM');
  assert.equal(await exited, 143);
  assert.throws(() => process.kill(hostPid, 0), /ESRCH/, 'the model process is gone too');
});
