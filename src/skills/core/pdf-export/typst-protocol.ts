/** Messages between TypstCompiler (main thread) and typst-worker.ts. */
export interface CompileRequest {
  id: number;
  source: string;
  /** Files the source refers to (images), by their virtual path in the typst world. */
  files: readonly { path: string; bytes: Uint8Array }[];
}

export type CompileReply = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; message: string };

export interface TypstWorkerData {
  fontFiles: readonly string[];
}
