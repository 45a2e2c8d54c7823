import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, decodeUtf8, displayPath, format, openReadableFile } from '../core/index.js';
import { detectType } from './detect-type.js';
import type { ImportedDocument, Importer, SourceFile } from './importer.js';
import { importerFor, supportedExtensions } from './importers.js';
import { looksLikeText } from './text-importer.js';

/** Importers whose documents carry links: an unchanged file is parsed again on re-import so links lost to an interrupted run are added. */
export const LINKING_IMPORTERS: ReadonlySet<string> = new Set(['markdown', 'json-canvas']);

/** Limits, for tests that check them without gigabyte fixtures. */
export interface ImportLimits {
  maxFileBytes: number;
  maxExpandedBytes: number;
}

/** A file read, checked and (unless it is a known original) parsed, ahead of its turn. */
export interface ReadFile {
  source: SourceFile;
  importer: Importer;
  /** Null when the original was already imported unchanged when it was read. */
  imported: ImportedDocument[] | null;
  warnings: SovereignError[];
}

/** What reading a file needs besides its path. */
export interface ReadingContext {
  importers: readonly Importer[];
  limits: ImportLimits;
  signal: AbortSignal;
  /** A folder for the import's scratch folders, removed by the import. */
  scratchRoot: string;
  /**
   * Whether an original (not a note) with these bytes must be parsed: one
   * already imported unchanged is not (a PDF would cost a pdftotext run for nothing).
   */
  mustParse(importer: Importer, source: Pick<SourceFile, 'real' | 'sha256'>): boolean | Promise<boolean>;
}

/**
 * Reads, checks and parses one file: the part of an import that needs
 * nothing from the files before it, so several run at once, for a folder
 * on a thread of their own (read-thread.ts). The type is judged by the
 * resolved target, its content verified by the importer's detect.
 */
export async function readImportFile(filePath: string, ctx: ReadingContext): Promise<ReadFile> {
  const opened = await openReadableFile(filePath, ctx.limits.maxFileBytes);
  const importer = importerFor(opened.extension, ctx.importers);
  if (!importer) {
    // A link named notes.txt to /etc/os-release has no extension.
    let head: Buffer;
    try {
      head = await opened.head(4096);
    } finally {
      await opened.close();
    }
    throw await unsupported(opened.name, head, ctx.importers);
  }
  const bytes = await opened.read();
  if (importer.detect && !importer.detect(bytes)) {
    // A text file in another encoding (Latin-1, UTF-16 without NULs…): say that, not "unsupported type".
    if (importer.detect === looksLikeText && !bytes.subarray(0, 8192).includes(0)) decodeUtf8(bytes, opened.name);
    throw await unsupported(opened.name, bytes, ctx.importers);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source: SourceFile = { requested: filePath, real: opened.real, name: opened.name, extension: opened.extension, bytes, sha256, modifiedAt: opened.modifiedAt };
  const warnings: SovereignError[] = [];
  const parse = LINKING_IMPORTERS.has(importer.id) || (await ctx.mustParse(importer, source));
  const imported = parse ? await parseSource(importer, source, ctx, (problem) => warnings.push(problem)) : null;
  return { source, importer, imported, warnings };
}

/** Runs the importer over a file read before, with a scratch folder made only if it asks for one. */
export async function parseSource(
  importer: Importer,
  source: SourceFile,
  ctx: Pick<ReadingContext, 'signal' | 'scratchRoot' | 'limits'>,
  warn: (problem: SovereignError) => void,
): Promise<ImportedDocument[]> {
  let scratch: Promise<string> | undefined;
  const scratchDir = () => (scratch ??= fs.mkdtemp(path.join(ctx.scratchRoot, 'file-')));
  try {
    const imported = await importer.import(source, { signal: ctx.signal, scratchDir, maxExpandedBytes: ctx.limits.maxExpandedBytes, warn });
    if (ctx.signal.aborted) throw new SovereignError('cancelled', _('The import was cancelled.'));
    return imported;
  } finally {
    if (scratch) await fs.rm(await scratch, { recursive: true, force: true });
  }
}

async function unsupported(name: string, head: Buffer, importers: readonly Importer[]): Promise<SovereignError> {
  return new SovereignError('unsupported', format(_('Cannot import {name}: unsupported type (detected {type}).'), { name: displayPath(name), type: await detectType(head) }), {
    hint: format(_('Sovereign can import {list}.'), { list: supportedExtensions(importers).join(' ') }),
  });
}

/** Reads files for an import: in this thread, or on a thread of its own (ReadThread). */
export interface FileReader {
  read(filePath: string): Promise<ReadFile>;
  /** Lets go of what the reader holds, once its reads have settled. */
  close(): Promise<void>;
}

/** Reads in this thread: for a few files, where starting a thread would cost more than it saves. */
export function inProcessReader(ctx: ReadingContext): FileReader {
  return { read: (filePath) => readImportFile(filePath, ctx), close: async () => undefined };
}
