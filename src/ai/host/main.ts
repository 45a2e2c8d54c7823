/**
 * The model host: a child process that owns node-llama-cpp and every loaded
 * model. llama.cpp aborts the whole process on some malformed models and can
 * run out of memory; here that ends this process only, and the app reports
 * the failure and starts a new host on the next request. Started by
 * ModelHostProcess with the malloc settings that keep memory flat across
 * load/unload cycles; it exits when the app goes away.
 */
import { getLlama, type Llama } from 'node-llama-cpp';
import { ChunkBatcher } from './chunk-batcher.js';
import { HostError } from './host-error.js';
import { LoadedModel } from './loaded-model.js';
import type { AppMessage, GenerationRecord, HostGenerateRequest, HostMessage, HostRequest, HostStatus, Results, WireError } from './protocol.js';

const threads = Math.max(1, Number(process.env['SOVEREIGN_MODEL_THREADS']) || 1);
/** Streamed text goes to the app at most this often (after the first chunk, which goes at once). */
const CHUNK_INTERVAL_MS = 10;
const models = new Map<string, LoadedModel>();
const loading = new Map<string, Promise<LoadedModel>>();
const cancels = new Map<number, AbortController>();
let lastGeneration: GenerationRecord | undefined;
let llamaPromise: Promise<Llama> | undefined;

function send(message: HostMessage): void {
  process.send?.(message);
}

function llama(): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: false,
    build: 'never',
    maxThreads: threads,
    logLevel: 'error' as never,
    logger: (level, message) => process.stderr.write(`[llama ${level}] ${message.trimEnd()}\n`),
  });
  return llamaPromise;
}

function loaded(path: string): LoadedModel {
  const model = models.get(path);
  if (!model) throw new HostError('not-found', `the model ${path} is not loaded`);
  return model;
}

async function load(path: string, options: Extract<HostRequest, { type: 'load' }>['options']): Promise<LoadedModel> {
  const existing = models.get(path);
  if (existing) return existing;
  let pending = loading.get(path);
  if (!pending) {
    pending = llama().then((instance) => LoadedModel.load(instance, path, options));
    loading.set(path, pending);
  }
  try {
    const model = await pending;
    models.set(path, model);
    return model;
  } finally {
    loading.delete(path);
  }
}

async function handle(request: HostRequest, signal: AbortSignal): Promise<Results[HostRequest['type']]> {
  switch (request.type) {
    case 'load': {
      const model = await load(request.path, request.options);
      await model.prepare(request.purpose);
      return model.info();
    }
    case 'unload': {
      const model = models.get(request.path);
      if (!model) return { unloaded: false };
      models.delete(request.path);
      await model.dispose();
      return { unloaded: true };
    }
    case 'generate': {
      const chunks = new ChunkBatcher((text) => send({ type: 'chunk', id: request.id, text }), CHUNK_INTERVAL_MS);
      try {
        return await loaded(request.path).generate(
          parseGenerateRequest(request.requestJson),
          signal,
          (text) => chunks.push(text),
          (record) => {
            lastGeneration = { requestId: request.id, ...record };
          },
        );
      } finally {
        chunks.flush();
      }
    }
    case 'embed':
      return { vectors: await loaded(request.path).embed(request.texts, signal) };
    case 'tokenize':
      return { tokens: loaded(request.path).tokenize(request.text) };
    case 'status':
      return status();
  }
}

function parseGenerateRequest(json: string): HostGenerateRequest {
  try {
    return JSON.parse(json) as HostGenerateRequest;
  } catch (error) {
    throw new HostError('invalid-input', `the generation request is not valid JSON: ${(error as Error).message}`);
  }
}

function status(): HostStatus {
  let active = 0;
  let queued = 0;
  for (const model of models.values()) {
    active += model.activeGenerations;
    queued += model.queuedGenerations;
  }
  return {
    pid: process.pid,
    rssBytes: process.memoryUsage.rss(),
    models: [...models.values()].map((model) => model.info()),
    activeGenerations: active,
    queuedGenerations: queued,
    lastGeneration,
  };
}

function toWireError(error: unknown, signal: AbortSignal): WireError {
  if (signal.aborted) return { kind: 'cancelled', message: 'the request was cancelled' };
  if (error instanceof HostError) return { kind: error.kind, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'model', message };
}

process.on('message', (message: AppMessage) => {
  if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
  if (message.type === 'cancel') {
    cancels.get(message.id)?.abort(new Error('cancelled'));
    return;
  }
  const controller = new AbortController();
  cancels.set(message.id, controller);
  handle(message, controller.signal)
    .then((value) => send({ type: 'result', id: message.id, value }))
    .catch((error: unknown) => send({ type: 'error', id: message.id, error: toWireError(error, controller.signal) }))
    .finally(() => cancels.delete(message.id));
});

// The app is the only reason to exist: when its IPC channel closes, leave.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
