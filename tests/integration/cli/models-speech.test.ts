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
import { generatedWhisperModel } from '../../support/whisper-models.js';

const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let server: http.Server;
let home: string;
let env: NodeJS.ProcessEnv;
let whisperSha: string;
let modelsDir: string;

before(async () => {
  const whisper = fs.readFileSync(generatedWhisperModel());
  whisperSha = sha256(whisper);
  const gguf = fs.readFileSync(testModels().chat);
  server = http.createServer((req, res) => {
    const file = req.url === '/mirror/ggml-tiny.bin' ? whisper : req.url === '/mirror/not-whisper.bin' ? gguf : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': file.length });
    res.end(req.method === 'HEAD' ? undefined : file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-models-speech-'));
  const catalog = path.join(home, 'catalog.json');
  const speech = [
    { name: 'ggml-tiny', title: 'Whisper Tiny', size: 'tiny', sizeBytes: whisper.length, url: `http://127.0.0.1:${port}/mirror/ggml-tiny.bin`, sha256: whisperSha },
    { name: 'not-whisper', title: 'Whisper Base', size: 'base', sizeBytes: gguf.length, url: `http://127.0.0.1:${port}/mirror/not-whisper.bin`, sha256: sha256(gguf) },
  ];
  fs.writeFileSync(catalog, JSON.stringify({ speech }));
  fs.mkdirSync(path.join(home, 'config', 'sovereign'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'sovereign', 'config.toml'), `[ai]\ncatalog = "${catalog}"\n`);
  env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache'), LANG: 'C.UTF-8' };
  modelsDir = path.join(home, 'data', 'sovereign', 'models');
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(home, { recursive: true, force: true });
});

const sovereign = (...args: string[]) => run(process.execPath, [cliEntry, ...args], { env, timeout: 60_000 });

/** Runs a command that must fail, and gives its stderr. */
async function refused(...args: string[]): Promise<string> {
  try {
    await sovereign(...args);
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    assert.notEqual(failed.code, 0);
    return failed.stderr;
  }
  assert.fail(`sovereign ${args.join(' ')} succeeded`);
}

interface SpeechRow {
  name: string;
  kind: string;
  active: boolean;
  sha256: string;
  info: { size: string };
}

const listed = async () => JSON.parse((await sovereign('models', 'list', '--json')).stdout) as SpeechRow[];

test('`sovereign models get NAME` downloads a catalog speech model, `models list` shows which speech model is active, `models use` changes it and `models rm` removes one', async () => {
  const { stdout } = await sovereign('models', 'get', 'ggml-tiny');
  assert.match(stdout, /Installed ggml-tiny \(whisper tiny speech model, [\d.]+ MB\), sha256 verified/);
  assert.equal(sha256(fs.readFileSync(path.join(modelsDir, 'ggml-tiny.bin'))), whisperSha);
  await sovereign('models', 'add', generatedWhisperModel(), '--name', 'second');

  assert.deepEqual((await listed()).map((m) => [m.name, m.kind, m.active, m.sha256, m.info.size]), [
    ['ggml-tiny', 'speech', true, whisperSha, 'tiny'],
    ['second', 'speech', false, whisperSha, 'tiny'],
  ]);
  const table = (await sovereign('models', 'list')).stdout;
  assert.match(table, /ggml-tiny\s+whisper tiny\s+speech \(active\)\s+-\s+[\d.]+ MB\s+[0-9a-f]{12}/);

  assert.match((await sovereign('models', 'use', 'second')).stdout, /second is now the speech model/);
  assert.deepEqual((await listed()).filter((m) => m.active).map((m) => m.name), ['second']);
  assert.match(await refused('models', 'use', 'third'), /No speech model named third is installed/);

  assert.match((await sovereign('models', 'rm', 'second')).stdout, /Removed second/);
  await sovereign('models', 'rm', 'ggml-tiny');
  assert.deepEqual(fs.readdirSync(modelsDir).filter((file) => file.endsWith('.bin') || file.endsWith('.bin.json')), []);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(modelsDir, 'roles.json'), 'utf8')), {}, 'the removed model is still the chosen one');
});

test('a catalog speech model that is not a whisper file is refused with a clear message and nothing is left behind; an unknown name says so', async () => {
  assert.match(await refused('models', 'get', 'not-whisper'), /not-whisper\.bin is not a usable whisper speech model: it does not start with the ggml magic number.*deleted/);
  assert.deepEqual(fs.readdirSync(modelsDir).filter((file) => file.includes('not-whisper')), []);
  assert.match(await refused('models', 'get', 'ggml-huge'), /The model catalog has no speech model named ggml-huge/);
});
