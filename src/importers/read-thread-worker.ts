// The import's reading thread (see read-thread.ts): opens, checks, hashes
// and parses the files it is sent, with the same code an import runs in
// process (readImportFile), and sends back what it read.
import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire, initI18n, localeDirs, SovereignError } from '../core/index.js';
import { readImportFile } from './file-reading.js';
import { IMPORTERS } from './importers.js';
import { type FromReadThread, type ReadThreadData, type ToReadThread, type WireReadFile } from './read-wire.js';

/** Bytes from this size on are moved to the other thread, not copied: a file this big was read into a buffer of its own. */
const TRANSFER_FROM_BYTES = 64 * 1024;

const port = parentPort;
if (!port) throw new SovereignError('internal', 'read-thread-worker.js runs only as a worker thread');
initI18n(localeDirs());
const { limits, scratchRoot } = workerData as ReadThreadData;
const cancel = new AbortController();
const answers = new Map<number, (parse: boolean) => void>();
const post = (message: FromReadThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToReadThread) => {
  if (message.type === 'cancel') cancel.abort();
  else if (message.type === 'must-parse') {
    answers.get(message.id)?.(message.parse);
    answers.delete(message.id);
  } else void read(message.id, message.path);
});

async function read(id: number, filePath: string): Promise<void> {
  try {
    const file = await readImportFile(filePath, {
      importers: IMPORTERS,
      limits,
      signal: cancel.signal,
      scratchRoot,
      // Whether an original is known unchanged is the window's to say: it holds the workspace.
      mustParse: (importer, source) =>
        new Promise<boolean>((resolve) => {
          answers.set(id, resolve);
          post({ type: 'ask', id, importerId: importer.id, real: source.real, sha256: source.sha256 });
        }),
    });
    const wire: WireReadFile = { source: file.source, importerId: file.importer.id, imported: file.imported, warnings: file.warnings.map(errorToWire) };
    const bytes = file.source.bytes;
    post({ type: 'read', id, file: wire }, bytes.byteLength >= TRANSFER_FROM_BYTES ? [bytes.buffer as ArrayBuffer] : []);
  } catch (error) {
    post({ type: 'failed', id, error: errorToWire(error) });
  }
}
