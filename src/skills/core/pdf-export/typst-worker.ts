import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { CompileReply, CompileRequest, TypstWorkerData } from './typst-protocol.js';

/**
 * The typst compiler's compile() is synchronous and takes from tens of
 * milliseconds to a second: it runs here, in a worker thread, so the
 * window's main loop and the D-Bus service never wait on it. The compiler
 * (and the fonts it parsed) lives as long as the worker: a second export
 * starts warm.
 */
const data = workerData as TypstWorkerData;
// A root that does not exist on disk: the typst world holds only what compile() maps into it.
const ROOT = '/sovereign-pdf-export';
const compiler = NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: data.fontFiles.map((file) => fs.readFileSync(file)) }] });

parentPort!.on('message', (request: CompileRequest) => {
  parentPort!.postMessage(compile(request));
});

function compile(request: CompileRequest): CompileReply {
  try {
    compiler.resetShadow();
    for (const file of request.files) compiler.mapShadow(ROOT + file.path, Buffer.from(file.bytes));
    const result = compiler.compile({ mainFileContent: request.source });
    const document = result.result;
    if (!document) {
      const error = result.takeDiagnostics() ?? result.takeError();
      const message = error ? describeDiagnostics(compiler.fetchDiagnostics(error)) : 'typst produced no document';
      return { id: request.id, ok: false, message };
    }
    const pdf = compiler.pdf(document);
    // Typst keeps a memo cache across compiles; evicting old entries keeps a long-lived worker's memory flat.
    compiler.evictCache(10);
    return { id: request.id, ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** fetchDiagnostics is untyped (napi `any[]`): keep the messages, which is what a person or a test can use. */
function describeDiagnostics(diagnostics: unknown[]): string {
  return diagnostics
    .map((d) => (typeof d === 'object' && d !== null && 'message' in d ? String((d as { message: unknown }).message) : JSON.stringify(d)))
    .join('; ');
}
