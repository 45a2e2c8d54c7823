import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testModels } from '../../support/ai-server.js';
import { cliEntry } from '../../support/repo.js';
import { tempDir } from '../../support/store.js';
import { servePort } from '../../support/serve-port.js';

/** `sovereign serve` over a workspace with one assistant profile: the profile is a model that answers from the documents. */
const home = tempDir('sovereign-profiles-');
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), SOVEREIGN_DB_URL: '', SOVEREIGN_LOG: 'error' };
let serve: ChildProcess;
let baseURL: string;
let bikeId: string;

interface Completion {
  model: string;
  choices: { message: { content: string } }[];
  citations: { number: number; document_id: string; title: string; heading_path: string[]; start: number; end: number }[];
}

before(async () => {
  fs.mkdirSync(path.join(home, 'config', 'sovereign'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'sovereign', 'config.toml'), `[ai]\ncontext_size = 1024\n[ai.models]\nchat = ${JSON.stringify(testModels().chat)}\n`);
  fs.mkdirSync(path.join(home, 'data', 'sovereign', 'profiles'), { recursive: true });
  fs.writeFileSync(path.join(home, 'data', 'sovereign', 'profiles', 'writer.toml'), 'system_prompt = "You are a terse editor."\ntemperature = 0.3\n');
  const added = spawnSync(process.execPath, [cliEntry, 'doc', 'add', 'Bicycle repair', '--content', '# Tyres\n\nTo fix a flat tyre, patch the inner tube.', '--json'], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(added.status, 0, added.stderr);
  bikeId = (JSON.parse(added.stdout) as { id: string }).id;
  serve = spawn(process.execPath, [cliEntry, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await servePort(serve);
  baseURL = `http://127.0.0.1:${port}/v1`;
});

after(() => {
  if (serve.exitCode === null) serve.kill('SIGKILL');
});

const post = (body: unknown) => fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the models list offers each assistant profile as sovereign/<name>', async () => {
  const listed = (await (await fetch(`${baseURL}/models`)).json()) as { data: { id: string; roles: string[] }[] };
  assert.deepEqual(listed.data.filter((m) => m.roles.includes('profile')).map((m) => m.id), ['sovereign/writer']);
});

test('asked through a profile, the API answers from the documents and returns the citations', async () => {
  const response = await post({ model: 'sovereign/writer', messages: [{ role: 'user', content: 'How do I fix a flat tyre?' }] });
  assert.equal(response.status, 200);
  const completion = (await response.json()) as Completion;
  assert.equal(completion.model, 'sovereign/writer');
  assert.ok(completion.choices[0]!.message.content.length > 0);
  assert.equal(completion.citations[0]!.document_id, bikeId);
  assert.deepEqual(completion.citations[0]!.heading_path, ['Tyres']);

  const streamed = await post({ model: 'sovereign/writer', stream: true, messages: [{ role: 'user', content: 'How do I fix a flat tyre?' }] });
  assert.equal(streamed.status, 200);
  const events = (await streamed.text()).split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
  assert.equal(events.at(-1), '[DONE]');
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; citations?: Completion['citations'] });
  assert.ok(chunks.filter((c) => c.choices[0]!.delta.content).length > 1, 'the answer streams in several chunks');
  const last = chunks.at(-1)!;
  assert.equal(last.choices[0]!.finish_reason, 'stop');
  assert.equal(last.citations?.[0]?.document_id, bikeId);
});

test('an unknown profile is a 404 that names it', async () => {
  const response = await post({ model: 'sovereign/poet', messages: [{ role: 'user', content: 'Hello?' }] });
  assert.equal(response.status, 404);
  assert.match(((await response.json()) as { error: { message: string } }).error.message, /No assistant profile “poet”/);
});
