import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { IndexedPassages, type IndexIdentity } from './indexed-passages.js';
import type { IndexCall, IndexReply } from './vector-index-protocol.js';

/**
 * The worker thread that owns a semantic index's vectors and HNSW graph
 * (IndexedPassages): graph adds, searches, checkpoint saves and the rebuild
 * of a lost graph take milliseconds to seconds of CPU, and here they never
 * hold the window's main loop. Calls arrive as {id, method, args} and are
 * answered in order as {id, result} or {id, error}.
 */
const log = createLogger('retrieval');
const port = parentPort;
if (!port) throw new Error('vector-index-worker must run in a worker thread');

const indexed = new IndexedPassages(workerData as IndexIdentity);

port.on('message', (call: IndexCall) => {
  let reply: IndexReply;
  try {
    // The method and its arguments were typed on the sending side (VectorIndexThread.call).
    const method = indexed[call.method] as (...args: unknown[]) => unknown;
    reply = { id: call.id, result: method.apply(indexed, call.args) };
  } catch (error) {
    reply = { id: call.id, error: errorToWire(error) };
  }
  port.postMessage(reply);
  catchUpLater();
});

let stepping = false;
/**
 * What opening left for later (the vectors read into memory, a vault's
 * graph) is done one step per macrotask: calls that arrive meanwhile are
 * answered between steps, never after the whole of it. A call that needs
 * what is not done yet does the rest itself.
 */
function catchUpLater(): void {
  if (stepping) return;
  stepping = true;
  setImmediate(() => {
    stepping = false;
    try {
      if (indexed.catchUpStep()) catchUpLater();
    } catch (error) {
      // A call that needs the vectors reads them and reports what fails; the graph is built again at the next open.
      log.warn('the vector index could not finish opening in the background', { error });
    }
  });
}
