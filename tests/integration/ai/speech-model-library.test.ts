import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ModelLibrary } from '../../../src/ai/manager/model-library.js';
import { defaultConfig, isSovereignError } from '../../../src/core/index.js';
import { speechModelPath } from '../../../src/voice/speech-model.js';
import { testModels } from '../../support/ai-server.js';
import { generatedWhisperModel } from '../../support/whisper-models.js';

interface Behaviour {
  /** Drop the connection after this many bytes of the first GET. */
  cutFirstAt?: number;
  /** Send this many bytes and then nothing more. */
  stallAfter?: number;
}

const whisperFile = generatedWhisperModel();
let whisper: Buffer;
let whisperSha: string;
let gguf: Buffer;
let server: http.Server;
let base: string;
let behaviour: Behaviour = {};
let gets: (string | undefined)[] = [];
let tmp: string;
const libraries: ModelLibrary[] = [];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

before(async () => {
  whisper = fs.readFileSync(whisperFile);
  whisperSha = sha256(whisper);
  gguf = fs.readFileSync(testModels().chat);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-speech-library-'));
  // A loopback mirror: the generated whisper model, and a GGUF chat model named like a whisper file.
  server = http.createServer((req, res) => {
    const file = req.url === '/mirror/ggml-tiny.bin' ? whisper : req.url === '/mirror/not-whisper.bin' ? gguf : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': file.length, 'accept-ranges': 'bytes' }).end();
      return;
    }
    gets.push(req.headers.range);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const body = file.subarray(start);
    res.writeHead(range ? 206 : 200, { 'content-length': body.length, ...(range ? { 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` } : {}) });
    if (behaviour.cutFirstAt !== undefined && gets.length === 1) {
      res.write(body.subarray(0, behaviour.cutFirstAt), () => res.socket?.destroy());
      return;
    }
    if (behaviour.stallAfter !== undefined) {
      res.write(body.subarray(0, behaviour.stallAfter));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const library of libraries) await library.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A library over a fresh models dir, with a catalog file offering the mirror's files (tiny, and a GGUF posing as base). */
function library(name: string): { dir: string; models: ModelLibrary } {
  behaviour = {};
  gets = [];
  const dir = path.join(tmp, name, 'models');
  const catalog = path.join(tmp, name, 'catalog.json');
  fs.mkdirSync(path.dirname(catalog), { recursive: true });
  fs.writeFileSync(
    catalog,
    JSON.stringify({
      speech: [
        { name: 'ggml-tiny', title: 'Whisper Tiny', size: 'tiny', sizeBytes: whisper.length, url: `${base}/mirror/ggml-tiny.bin`, sha256: whisperSha },
        { name: 'not-whisper', title: 'Whisper Base', size: 'base', sizeBytes: gguf.length, url: `${base}/mirror/not-whisper.bin`, sha256: sha256(gguf) },
      ],
    }),
  );
  const config = defaultConfig();
  config.ai.catalog = catalog;
  const models = new ModelLibrary({ ai: config.ai, modelsDir: dir, hardware: () => ({ totalMemoryBytes: 2 * 2 ** 30, cpuFeatures: [], gpu: { available: false, devices: [] } }) });
  libraries.push(models);
  return { dir, models };
}

const roles = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'roles.json'), 'utf8')) as Record<string, string>;

test('installed speech models are listed beside the GGUF models with their whisper shape and sha256, and no GGUF role serves them', async () => {
  const { models } = library('listed');
  await models.store.add(testModels().chat, { name: 'chat-one' });
  await models.speechStore.add(whisperFile, { name: 'ggml-tiny' });
  const listed = await models.list();
  assert.deepEqual(listed.map((m) => [m.name, m.kind]), [['chat-one', 'chat'], ['ggml-tiny', 'speech']]);
  const speech = listed.find((m) => m.name === 'ggml-tiny')!;
  assert.equal(speech.sha256, whisperSha);
  assert.equal(speech.sizeBytes, whisper.length);
  // The generated model has whisper tiny's hyperparameters: 384-wide, 4 encoder layers.
  assert.deepEqual(speech.speech, { size: 'tiny', multilingual: true, audioState: 384, audioLayers: 4, active: true });
  assert.deepEqual(speech.roles, []);
  await models.setRole('chat', 'chat-one');
  assert.equal(models.registry.models().some((served) => served.path.endsWith('.bin')), false, 'a whisper file is served as a GGUF model');
});

test('the speech model made active is the one sovereign listen uses, kept beside the chat role; removing it falls back to the other', async () => {
  const { dir, models } = library('active');
  await models.store.add(testModels().chat, { name: 'chat-one' });
  await models.speechStore.add(whisperFile, { name: 'ggml-a' });
  await models.speechStore.add(whisperFile, { name: 'ggml-b' });
  // Nothing chosen: the first by name.
  assert.equal(speechModelPath('', dir), path.join(dir, 'ggml-a.bin'));
  await models.setSpeechModel('ggml-b');
  await models.setRole('chat', 'chat-one');
  assert.deepEqual(roles(dir), { chat: 'chat-one', speech: 'ggml-b' });
  assert.equal(speechModelPath('', dir), path.join(dir, 'ggml-b.bin'));
  assert.deepEqual((await models.list()).filter((m) => m.speech?.active).map((m) => m.name), ['ggml-b']);
  await assert.rejects(models.setSpeechModel('chat-one'), (error: unknown) => isSovereignError(error, 'not-found') && /No speech model named chat-one/.test(error.message));

  await models.remove('ggml-b');
  assert.equal(fs.existsSync(path.join(dir, 'ggml-b.bin')), false);
  assert.equal(fs.existsSync(path.join(dir, 'ggml-b.bin.json')), false);
  assert.deepEqual(roles(dir), { chat: 'chat-one' });
  assert.equal(speechModelPath('', dir), path.join(dir, 'ggml-a.bin'));
  assert.deepEqual((await models.list()).map((m) => m.name), ['chat-one', 'ggml-a']);
});

test('the recommended speech model is offered only while none is installed', async () => {
  const { models } = library('offer');
  // 2 GB of RAM and no AVX2: tiny is what fits.
  assert.equal(models.speechOffer()?.entry.name, 'ggml-tiny');
  await models.speechStore.add(whisperFile, { name: 'mine' });
  assert.equal(models.speechOffer(), undefined);
});

test('a speech download from the catalog resumes after a dropped connection, is verified and becomes the active speech model', async () => {
  const { dir, models } = library('download');
  behaviour.cutFirstAt = 5_000_000;
  const received: number[] = [];
  const installed = await models.downloadSpeech(models.speechEntry('ggml-tiny')!, { onProgress: (p) => received.push(p.receivedBytes) });
  assert.equal(installed.sha256, whisperSha);
  assert.equal(installed.info.size, 'tiny');
  assert.equal(gets.length, 2);
  assert.match(gets[1]!, /^bytes=\d+-$/);
  assert.equal(received.at(-1), whisper.length);
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'ggml-tiny.bin'))), whisperSha);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['ggml-tiny.bin', 'ggml-tiny.bin.json', 'roles.json']);
  assert.deepEqual(roles(dir), { speech: 'ggml-tiny' });
});

test('a cancelled speech download keeps its partial file, and the next download resumes it', async () => {
  const { dir, models } = library('cancel');
  behaviour.stallAfter = 3_000_000;
  const controller = new AbortController();
  const entry = models.speechEntry('ggml-tiny')!;
  await assert.rejects(
    models.downloadSpeech(entry, { signal: controller.signal, onProgress: (p) => p.receivedBytes >= 3_000_000 && controller.abort() }),
    (error: unknown) => isSovereignError(error, 'cancelled'),
  );
  assert.equal(fs.existsSync(path.join(dir, 'ggml-tiny.bin')), false);
  assert.ok(fs.statSync(path.join(dir, '.ggml-tiny.bin.partial')).size >= 3_000_000);
  behaviour = {};
  gets = [];
  await models.downloadSpeech(entry);
  assert.match(gets[0]!, /^bytes=\d+-$/, 'the second download started over');
  assert.equal(sha256(fs.readFileSync(path.join(dir, 'ggml-tiny.bin'))), whisperSha);
});

test('a catalog file that matches its sha256 but is not a whisper model is refused with a clear message and deleted', async () => {
  const { dir, models } = library('not-whisper');
  await assert.rejects(
    models.downloadSpeech(models.speechEntry('not-whisper')!),
    (error: unknown) => isSovereignError(error, 'model') && /^not-whisper\.bin is not a usable whisper speech model: it does not start with the ggml magic number.*deleted/.test(error.message),
  );
  assert.deepEqual(fs.readdirSync(dir), []);
  assert.deepEqual(await models.list(), []);
});
