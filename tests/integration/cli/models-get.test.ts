import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { cliEntry } from '../../support/repo.js';
import { testModels } from '../../support/ai-server.js';

const run = promisify(execFile);

let server: http.Server;
let home: string;
let env: NodeJS.ProcessEnv;
const gets: string[] = [];

before(async () => {
  const model = fs.readFileSync(testModels().chat);
  server = http.createServer((req, res) => {
    if (req.url !== '/mirror/small-chat.gguf') {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'GET') gets.push(req.url);
    res.writeHead(200, { 'content-length': model.length });
    res.end(req.method === 'HEAD' ? undefined : model);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-models-get-'));
  const catalog = path.join(home, 'catalog.json');
  const entry = { name: 'small-chat', title: 'Small Chat', quantization: 'Q4_K_M', parameters: 1e6, sizeBytes: model.length, url: `http://127.0.0.1:${port}/mirror/small-chat.gguf`, sha256: createHash('sha256').update(model).digest('hex') };
  fs.writeFileSync(catalog, JSON.stringify({ chat: [entry] }));
  fs.mkdirSync(path.join(home, 'config', 'sovereign'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'sovereign', 'config.toml'), `[ai]\ncatalog = "${catalog}"\n`);
  env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), LANG: 'C.UTF-8' };
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(home, { recursive: true, force: true });
});

test('`sovereign models get` downloads the catalog’s chat model, verifies it and makes it the chat model; a second run downloads nothing', async () => {
  const { stdout } = await run(process.execPath, [cliEntry, 'models', 'get', '--json'], { env, timeout: 60_000 });
  const result = JSON.parse(stdout) as { installed: { name: string; sha256: string } };
  assert.equal(result.installed.name, 'small-chat');
  const modelsDir = path.join(home, 'data', 'sovereign', 'models');
  assert.deepEqual(fs.readFileSync(path.join(modelsDir, 'small-chat.gguf')), fs.readFileSync(testModels().chat));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(modelsDir, 'roles.json'), 'utf8')), { chat: 'small-chat' });

  const again = await run(process.execPath, [cliEntry, 'models', 'get'], { env, timeout: 60_000 });
  assert.match(again.stdout, /already installed/);
  assert.equal(gets.length, 1, 'the second run downloaded again');
});
