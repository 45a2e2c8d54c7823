import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ModelStore } from '../../../src/ai/manager/model-store.js';
import { pullModel } from '../../../src/ai/manager/pull-model.js';
import { isSovereignError } from '../../../src/core/index.js';
import { testModels } from '../../support/ai-server.js';

/**
 * A real HTTP server on 127.0.0.1 serving the generated model, with
 * switches to misbehave: cut the first response halfway, stall, or claim an
 * enormous size.
 */
interface Behaviour {
  cutFirstAt?: number;
  stallAfter?: number;
  claimedSize?: number;
}

let server: http.Server;
let base: string;
let model: Buffer;
let modelSha: string;
let behaviour: Behaviour = {};
let requests: { method: string; range: string | undefined }[] = [];
let tmp: string;

before(async () => {
  model = fs.readFileSync(testModels().chat);
  modelSha = createHash('sha256').update(model).digest('hex');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-pull-'));
  server = http.createServer((req, res) => {
    requests.push({ method: req.method!, range: req.headers.range });
    const size = behaviour.claimedSize ?? model.length;
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
      res.end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const body = model.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-length': body.length,
      ...(range ? { 'content-range': `bytes ${start}-${model.length - 1}/${model.length}` } : {}),
    });
    const gets = requests.filter((r) => r.method === 'GET').length;
    if (behaviour.cutFirstAt !== undefined && gets === 1) {
      res.write(body.subarray(0, behaviour.cutFirstAt), () => res.socket?.destroy());
      return;
    }
    if (behaviour.stallAfter !== undefined) {
      res.write(body.subarray(0, behaviour.stallAfter));
      return; // never ends: the client has to cancel
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function freshStore(): ModelStore {
  behaviour = {};
  requests = [];
  return new ModelStore(fs.mkdtempSync(path.join(tmp, 'models-')));
}

const visibleFiles = (store: ModelStore) => fs.readdirSync(store.dir);

test('an interrupted download resumes with a Range request and is verified', async () => {
  const store = freshStore();
  behaviour.cutFirstAt = 200_000;
  const progress: number[] = [];
  const installed = await pullModel(store, { url: `${base}/models/tiny-qwen2.gguf`, sha256: modelSha, onProgress: (p) => progress.push(p.receivedBytes) });
  assert.equal(installed.name, 'tiny-qwen2');
  assert.equal(installed.sha256, modelSha);
  assert.deepEqual(fs.readFileSync(installed.file), model);
  const gets = requests.filter((r) => r.method === 'GET');
  assert.equal(gets.length, 2);
  assert.equal(gets[0]!.range, undefined);
  assert.match(gets[1]!.range!, /^bytes=(\d+)-$/);
  assert.ok(Number(/\d+/.exec(gets[1]!.range!)![0]) >= 100_000, 'the second request starts where the first stopped');
  assert.equal(progress.at(-1), model.length);
  assert.deepEqual(visibleFiles(store).sort(), ['tiny-qwen2.gguf', 'tiny-qwen2.gguf.json']);
  assert.equal(installed.metadata?.architecture, 'qwen2');
});

test('a wrong sha256 is rejected and leaves no file behind', async () => {
  const store = freshStore();
  await assert.rejects(pullModel(store, { url: `${base}/tiny-qwen2.gguf`, sha256: 'a'.repeat(64) }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'invalid-input'));
    assert.match(error.message, /does not match the expected sha256/);
    return true;
  });
  assert.deepEqual(visibleFiles(store), []);
});

test('a size larger than the free disk space is refused before downloading', async () => {
  const store = freshStore();
  behaviour.claimedSize = 2 ** 53;
  await assert.rejects(pullModel(store, { url: `${base}/huge.gguf`, sha256: modelSha }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'resource'));
    assert.match(error.message, /Not enough disk space/);
    return true;
  });
  assert.equal(requests.filter((r) => r.method === 'GET').length, 0, 'nothing was downloaded');
});

test('a cancelled download keeps its partial file and the next pull resumes it', async () => {
  const store = freshStore();
  behaviour.stallAfter = 150_000;
  const controller = new AbortController();
  const pull = pullModel(store, {
    url: `${base}/tiny-qwen2.gguf`,
    sha256: modelSha,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.receivedBytes >= 150_000) controller.abort();
    },
  });
  await assert.rejects(pull, (error: unknown) => isSovereignError(error, 'cancelled'));
  assert.equal(store.get('tiny-qwen2'), undefined);
  behaviour.stallAfter = undefined;
  requests = [];
  const installed = await pullModel(store, { url: `${base}/tiny-qwen2.gguf`, sha256: modelSha });
  assert.equal(requests.find((r) => r.method === 'GET')!.range, 'bytes=150000-');
  assert.deepEqual(fs.readFileSync(installed.file), model);
});

test('a file that is not a GGUF model is refused after download and removed', async () => {
  const store = freshStore();
  const saved = model;
  model = Buffer.from('<html>not a model</html>');
  try {
    const sha = createHash('sha256').update(model).digest('hex');
    await assert.rejects(pullModel(store, { url: `${base}/page.gguf`, sha256: sha }), /not a valid GGUF model/);
    assert.deepEqual(visibleFiles(store), []);
  } finally {
    model = saved;
  }
});

test('a pull without an expected hash is refused', async () => {
  const store = freshStore();
  await assert.rejects(pullModel(store, { url: `${base}/x.gguf`, sha256: '' }), /expected sha256/);
});
