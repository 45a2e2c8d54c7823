import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import type { OriginalReader } from '../importers/original-reader.js';
import { exportPdf } from '../skills/core/pdf-export/pdf-export.js';
import type { PdfOptionsInput } from '../skills/core/pdf-export/pdf-options.js';
import { sharedTypstCompiler } from '../skills/core/pdf-export/typst-compiler.js';
import { exportJsonCanvas } from './canvas-export.js';
import { readExportContents, type ExportSelection } from './export-selection.js';
import { exportMarkdownFolder } from './markdown-export.js';

import type { ExportFormat } from './export-format.js';
export { EXPORT_FORMATS, type ExportFormat } from './export-format.js';

export interface ExportProgress {
  /** What is happening, for a progress label. */
  stage: 'reading' | 'converting' | 'typesetting' | 'writing';
  done: number;
  total: number;
}

export interface ExportRequest {
  format: ExportFormat;
  selection: ExportSelection;
  /** A .pdf or .canvas file, or a folder for markdown. */
  out: string;
  pdf?: PdfOptionsInput;
  /** The date a PDF's header shows (default now). */
  date?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  format: ExportFormat;
  /** The absolute path written. */
  out: string;
  documents: number;
  relationships: number;
}

/**
 * The one way out of Sovereign: the command line, the window and any other
 * adapter export through this service. It reads the selection from the
 * store once, hands it to the format's writer and writes the result
 * atomically (a temporary file renamed into place), so a failed or
 * cancelled export never leaves half a file.
 */
export class ExportService {
  private readonly compiler = sharedTypstCompiler();

  private originalReader: OriginalReader | undefined;

  /** `originals`: how attachments are read (the import service, which decrypts them in a vault); by default an import service over the same store and data folder. */
  constructor(
    private readonly store: GraphStore,
    private readonly dataDir: string,
    originals?: OriginalReader,
  ) {
    this.originalReader = originals;
  }

  /** The import service is loaded only when an export first reads an original: it brings every importer with it. */
  private readonly originals: OriginalReader = {
    readOriginal: async (mediaRef) => {
      if (!this.originalReader) {
        const { ImportService } = await import('../importers/import-service.js');
        this.originalReader = new ImportService(this.store, this.dataDir);
      }
      return this.originalReader.readOriginal(mediaRef);
    },
  };

  async export(request: ExportRequest): Promise<ExportResult> {
    const { signal } = request;
    const progress = request.onProgress ?? (() => undefined);
    const out = path.resolve(request.out);
    progress({ stage: 'reading', done: 0, total: 1 });
    const contents = await readExportContents(this.store, request.selection, _('Workspace'));
    signal?.throwIfAborted();
    const result: ExportResult = { format: request.format, out, documents: contents.documents.length, relationships: contents.relationships.length };
    switch (request.format) {
      case 'pdf': {
        const pdf = await exportPdf(
          {
            kind: request.selection.kind === 'document' ? 'document' : 'thread',
            title: contents.title,
            description: contents.description,
            documents: contents.documents,
            dataDir: this.dataDir,
            originals: this.originals,
            ...(request.pdf ? { options: request.pdf } : {}),
            ...(request.date ? { date: request.date } : {}),
          },
          this.compiler,
          { ...(signal ? { signal } : {}), onProgress: (stage, done, total) => progress({ stage, done, total }) },
        );
        progress({ stage: 'writing', done: 0, total: 1 });
        writeFileAtomically(out, pdf);
        break;
      }
      case 'canvas':
        progress({ stage: 'writing', done: 0, total: 1 });
        writeFileAtomically(out, JSON.stringify(exportJsonCanvas(contents), null, '\t') + '\n');
        break;
      case 'markdown':
        await exportMarkdownFolder(contents, out, this.originals, signal, (done, total) => progress({ stage: 'writing', done, total }));
        break;
    }
    progress({ stage: 'writing', done: 1, total: 1 });
    return result;
  }

  /** Starts the PDF typesetter ahead of an export (see TypstCompiler.warm). */
  warmPdf(): void {
    this.compiler.warm();
  }

  /** Stops the typesetter's worker thread. */
  close(): Promise<void> {
    return this.compiler.close();
  }
}

function writeFileAtomically(file: string, data: Uint8Array | string): void {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    // The window suggests ~/Documents, which a fresh account may not have yet.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new SovereignError('io', format(_('cannot write {file}: {reason}'), { file, reason: (error as Error).message }), { cause: error });
  }
}
