import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { cliHome } from '../../support/cli-home.js';
import { testModels } from '../../support/ai-server.js';
import { cliEntry, repoRoot } from '../../support/repo.js';
import { traceAsync, traceSync, tracedChild, type TracedAddress } from '../../support/trace-connections.js';
import { isLoopbackHost } from '../../../src/core/index.js';
import { servePort } from '../../support/serve-port.js';

/**
 * The air gap's proof, from outside the process: every main path runs under
 * strace (following every child: the model host, pdftotext, the skill
 * sandbox), and no process may connect or send to an address outside this
 * computer.
 */
function outside(addresses: readonly TracedAddress[]): TracedAddress[] {
  return addresses.filter((a) => !isLoopbackHost(a.address));
}

test('the tracer sees a connection to an outside address (the check can fail)', () => {
  const run = traceSync(process.execPath, ['-e', "require('node:dgram').createSocket('udp4').connect(9, '192.0.2.1', () => process.exit(0))"], { env: process.env });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(outside(run.addresses).map((a) => [a.call, a.family, a.address, a.port]), [['connect', 'AF_INET', '192.0.2.1', 9]]);
});

test('import, search, export, model load and generation, the API server and a community skill connect to nothing outside this computer', async () => {
  const { home, env } = cliHome();
  const traced = (...args: string[]) => {
    const run = traceSync(process.execPath, [cliEntry, ...args], { env: { ...env, SOVEREIGN_LOG: 'error' }, timeoutMs: 120_000 });
    assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
    assert.deepEqual(outside(run.addresses), [], `sovereign ${args.join(' ')} reached outside`);
    return run;
  };
  const configFile = path.join(home, 'config', 'sovereign', 'config.toml');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  // Tracing slows the engine's start on a loaded machine: give it time rather than a false failure.
  fs.writeFileSync(configFile, '[store]\nconnect_timeout_ms = 60000\n');
  const note = path.join(home, 'budget.md');
  fs.writeFileSync(note, '# Budget 2027\n\nThe travel budget grows by a tenth.\n');
  traced('import', note);
  const pdf = path.join(home, 'budget.pdf');
  traced('export', 'pdf', '--all', '-o', pdf);
  assert.ok(fs.statSync(pdf).size > 0);
  const again = path.join(home, 'again');
  fs.mkdirSync(again);
  fs.copyFileSync(pdf, path.join(again, 'budget-copy.pdf'));
  traced('import', path.join(again, 'budget-copy.pdf'));
  assert.match(traced('search', 'travel', '--json').stdout, /Budget 2027/);

  traced('models', 'add', testModels().chat, '--name', 'tiny-qwen2');
  fs.appendFileSync(configFile, '[ai]\ncontext_size = 512\n[ai.models]\nchat = "tiny-qwen2"\n');
  const generated = traced('generate', '--max-tokens', '4', '--json', 'hello');
  assert.equal(typeof (JSON.parse(generated.stdout) as { text: unknown }).text, 'string');

  const { tracer, finish } = traceAsync(process.execPath, [cliEntry, 'serve', '--port', '0'], { env: { ...env, SOVEREIGN_LOG: 'error' } });
  const port = await servePort(tracer);
  const models = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/v1/models' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
  assert.match(models, /tiny-qwen2/);
  process.kill(tracedChild(tracer)!, 'SIGINT');
  assert.deepEqual(outside(await finish()), [], 'sovereign serve reached outside');

  const skill = traceSync(process.execPath, [path.join(repoRoot, 'build', 'tests', 'support', 'community-skill-run.js')], { env: process.env });
  assert.equal(skill.status, 0, skill.stderr);
  assert.deepEqual(JSON.parse(skill.stdout), { title: 'Fox', words: 4, characters: 20 });
  assert.deepEqual(outside(skill.addresses), [], 'the community skill reached outside');
});

test('with the air gap on, a model download from the internet is refused before any socket opens', () => {
  const { env } = cliHome();
  const on = traceSync(process.execPath, [cliEntry, 'airgap', 'on'], { env });
  assert.equal(on.status, 0, on.stderr);
  const pull = traceSync(process.execPath, [cliEntry, 'models', 'pull', 'https://192.0.2.1/models/tiny.gguf', '--sha256', 'a'.repeat(64)], { env });
  assert.equal(pull.status, 1);
  assert.match(pull.stderr, /The air gap is on: Sovereign will not connect to 192\.0\.2\.1 to download the model\./);
  assert.deepEqual(pull.addresses, []);
  const server = traceSync(process.execPath, [cliEntry, 'doc', 'ls'], { env: { ...env, SOVEREIGN_DB_URL: 'ws://192.0.2.1:8000' } });
  assert.equal(server.status, 1);
  assert.match(server.stderr, /will not connect to 192\.0\.2\.1 to reach the database server/);
  assert.deepEqual(server.addresses, []);
});
