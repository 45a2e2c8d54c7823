import type { OriginalReader } from './original-reader.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SovereignError, _, asSovereignError, bulkWork, format, loopTurns } from '../core/index.js';
import type { DocumentMeta, GraphStore, NewDocument, NewRelationship } from '../store/index.js';
import { AttachmentStore } from './attachment-store.js';
import { collectFiles, type CollectedFiles, type FileToImport } from './collect-files.js';
import { inProcessReader, LINKING_IMPORTERS, parseSource, type FileReader, type ImportLimits, type ReadFile, type ReadingContext } from './file-reading.js';
import type { ImportedDocument, Importer, SourceFile } from './importer.js';
import { IMPORTERS, supportedExtensions } from './importers.js';
import { BatchWriter } from './batch-writer.js';
import { LinkIndex } from './link-index.js';
import { ImportProgressMeter, type ImportProgress } from './progress.js';
import { readAhead } from './read-ahead.js';
import { ReadThread } from './read-thread.js';

/** Largest file read for import: the size is checked before a byte is read (a 2 GB file costs nothing). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** Most bytes a DOCX/ODT may expand to: real documents with pictures stay far below. */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;
/** Documents per store transaction: the store's bulk path measured fastest at a few hundred (a 10K-note vault: 877 notes/s at 250, 689 at 100, 564 at 50). */
const BATCH_DOCUMENTS = 250;
/** Files read and parsed ahead of the one being judged (see readAhead): enough to overlap disk, parsing and the engine. */
const READ_AHEAD = 8;
/** Relationships per store transaction when an import makes its links. */
const LINKS_PER_TRANSACTION = 500;
/**
 * From this many files on, an import is bulk work: it reads them on a thread of its own (ReadThread; fewer are read
 * here, where no thread has to start), and the window shows what it adds at a slow beat (core BulkWork).
 */
const READ_THREAD_FROM_FILES = 8;

export type { ImportLimits } from './file-reading.js';

export interface ImportOptions {
  /** Put every new document in this thread (by name; created when missing). */
  threadName?: string;
  /** Walk folders. */
  recursive?: boolean;
  /** Top-level folders of an imported folder become threads (when no threadName is given). */
  foldersAsThreads?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Documents per store transaction (default BATCH_DOCUMENTS). A window asks
   * for fewer: encoding a transaction and taking in its changes each hold
   * the loop in one piece, 40–90 ms at 250 notes.
   */
  documentsPerTransaction?: number;
}

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'failed';

export interface ImportOutcome {
  path: string;
  status: ImportStatus;
  documentIds: string[];
  error?: SovereignError;
  /** Problems with parts of the file that did not stop the rest of it (JSON Canvas nodes and edges). */
  warnings?: SovereignError[];
}

export interface ImportSummary {
  outcomes: ImportOutcome[];
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  links: number;
  cancelled: boolean;
}

/** A document read from a file, waiting for its batch. */
interface Pending {
  outcome: ImportOutcome;
  file: FileToImport;
  real: string;
  /** The original's sha256 while a copy of it must wait for this batch (originals only; notes are judged by path). */
  hash: string | null;
  documents: NewDocument[];
  imported: ImportedDocument[];
}

/** A link waiting for every document of the import to exist. */
interface LinkToResolve {
  from: string;
  sourcePath: string;
  root: string;
  imported: ImportedDocument;
  keys: Map<string, string>;
}

/**
 * THE import: the CLI, D-Bus ImportFile (and so the Files action), the
 * window's Import button and drops all call importPaths. For each file:
 * the readable-file check, the importer for the resolved target's
 * extension (its content verified by the importer's detect), the original
 * kept at attachments/<sha256>, provenance recorded. A file already
 * imported (same source path and hash, or same hash anywhere) is
 * recognised and not duplicated; a changed file becomes a new version of
 * its document. Each file fails on its own; the batch goes on. New
 * documents are written in store transactions of a few hundred, so an
 * interrupted import leaves whole documents only, and running it again
 * adds only what is missing.
 */
export class ImportService implements OriginalReader {
  private readonly attachments: AttachmentStore;
  private readonly importers: readonly Importer[];
  /** The documents with provenance, during an import. */
  private known: KnownDocuments | undefined;
  /** The import running now; the next one starts after it. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Hashes of originals read but not yet written. */
  private readonly pendingHashes = new Set<string>();

  private readonly limits: ImportLimits;
  private readonly readThread: boolean | undefined;

  constructor(
    private readonly store: GraphStore,
    dataDir: string,
    options: {
      importers?: readonly Importer[];
      limits?: Partial<ImportLimits>;
      revealDir?: string;
      /** Read on a thread of its own always (true) or never (false); by default from READ_THREAD_FROM_FILES files on. */
      readThread?: boolean;
    } = {},
  ) {
    this.importers = options.importers ?? IMPORTERS;
    this.readThread = options.readThread;
    this.limits = { maxFileBytes: MAX_IMPORT_BYTES, maxExpandedBytes: MAX_EXPANDED_BYTES, ...options.limits };
    this.attachments = new AttachmentStore(dataDir, store.files, options.revealDir ?? null);
  }

  /**
   * A path the desktop can open an original at, for "Show Original": the
   * attachment itself, or in a vault a decrypted copy in the private
   * runtime folder, named `name`.
   */
  originalFile(mediaRef: string, name: string): Promise<string> {
    return this.attachments.reveal(mediaRef, name);
  }

  /** The original's bytes in memory (decrypted in a vault). */
  readOriginal(mediaRef: string): Promise<Buffer> {
    return this.attachments.read(mediaRef);
  }

  /**
   * Imports files and folders. Imports run one at a time (a D-Bus ImportFile
   * arriving during the window's folder import waits for it), so re-import
   * recognition always sees what the previous one wrote.
   */
  importPaths(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
    const run = this.queue.then(() => this.run(paths, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
    const collected = await collectFiles(paths, options.recursive ?? false);
    // Many files are bulk work: the window shows their documents at a slow beat while they come.
    return collected.files.length >= READ_THREAD_FROM_FILES ? bulkWork.run(() => this.importCollected(collected, options)) : this.importCollected(collected, options);
  }

  private async importCollected(collected: CollectedFiles, options: ImportOptions): Promise<ImportSummary> {
    const signal = options.signal ?? new AbortController().signal;
    const summary: ImportSummary = { outcomes: [], created: 0, updated: 0, unchanged: 0, failed: 0, links: 0, cancelled: false };
    for (const problem of collected.problems) this.record(summary, { path: problem.path, status: 'failed', documentIds: [], error: problem.error });

    const known = await this.knownDocuments();
    this.known = known;
    const links = new LinkIndex();
    for (const meta of known.all) if (meta.provenance) links.add(meta.provenance.sourcePath, meta.id);
    const threads = new ThreadResolver(this.store);
    const meter = new ImportProgressMeter(collected.files.length, options.onProgress);
    const toLink: LinkToResolve[] = [];
    const batches = new BatchWriter<Pending>((batch) => this.write(batch, summary, links, toLink));
    const scratchRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'sovereign-import-'));
    const reading: ReadingContext = {
      importers: this.importers,
      limits: this.limits,
      signal,
      scratchRoot,
      mustParse: (importer, source) => unchangedOriginal(known, importer, source) === undefined,
    };
    const reader = this.readerFor(collected.files.length, reading);

    try {
      const reads = readAhead(collected.files, READ_AHEAD, (file) => reader.read(file.path));
      let index = 0;
      for await (const read of reads) {
        const file = collected.files[index++]!;
        if (signal.aborted) {
          summary.cancelled = true;
          break;
        }
        // Judging and batching the files read is this thread's work: it shares the loop's budget with the window.
        await loopTurns.giveWay();
        meter.starting(file.path);
        const outcome: ImportOutcome = { path: file.path, status: 'failed', documentIds: [] };
        try {
          if (!read.ok) throw read.error;
          const { source } = read.value;
          if (read.value.warnings.length > 0) outcome.warnings = read.value.warnings;
          // The same file twice in one import (a link and its target): write the first before judging the second.
          if (batches.holds(source.real)) await batches.flush();
          let result = await this.judge(read.value, file, known, options, threads, reading);
          if (result.kind === 'after-flush') {
            await batches.flush();
            result = await this.judge(read.value, file, known, options, threads, reading);
          }
          if (result.kind === 'after-flush') throw new SovereignError('internal', 'a duplicate was still pending after the flush');
          if (result.kind === 'new') {
            const hash = LINKING_IMPORTERS.has(read.value.importer.id) ? null : source.sha256;
            await batches.add({ outcome, file, real: result.real, hash, documents: result.documents, imported: result.imported }, options.documentsPerTransaction ?? BATCH_DOCUMENTS);
          } else {
            outcome.status = result.kind;
            outcome.documentIds = result.ids;
            this.record(summary, outcome);
            if (result.relink) toLink.push(...result.relink);
          }
        } catch (error) {
          if (isSovereignErrorOfKind(error, 'cancelled')) {
            summary.cancelled = true;
            break;
          }
          outcome.error = asSovereignError(error, 'invalid-input');
          this.record(summary, outcome);
        }
        meter.finished(outcome.status === 'failed' && outcome.error !== undefined);
      }
      // Everything read is written whole, also after Cancel; links only once every document exists.
      await batches.flush();
      summary.links = await this.createLinks(toLink, links);
      // Report in the order the files were found, not the order their batches were written.
      const order = new Map(collected.files.map((file, index) => [file.path, index]));
      summary.outcomes.sort((a, b) => (order.get(a.path) ?? -1) - (order.get(b.path) ?? -1));
    } finally {
      await reader.close();
      await batches.settled();
      await fs.rm(scratchRoot, { recursive: true, force: true });
    }
    return summary;
  }

  /** Makes a just-written document known, so a duplicate later in the same import is recognised. */
  private remember(meta: DocumentMeta): void {
    if (this.known) rememberIn(this.known, meta);
  }

  private record(summary: ImportSummary, outcome: ImportOutcome): void {
    summary.outcomes.push(outcome);
    summary[outcome.status] += 1;
  }

  private async knownDocuments(): Promise<KnownDocuments> {
    const all = await this.store.allDocumentMeta();
    const known: KnownDocuments = { all, bySource: new Map(), byHash: new Map(), byPath: new Map() };
    for (const meta of all) rememberIn(known, meta);
    return known;
  }

  private readerFor(files: number, ctx: ReadingContext): FileReader {
    // The thread runs the built-in importers; importers given to this service live only here.
    const threaded = this.importers === IMPORTERS && (this.readThread ?? files >= READ_THREAD_FROM_FILES);
    return threaded ? new ReadThread({ limits: this.limits, scratchRoot: ctx.scratchRoot }, ctx) : inProcessReader(ctx);
  }

  /**
   * Decides what a read file becomes against what the workspace and this
   * import already hold: unchanged, a new version of its document, or new
   * documents for the next batch. Runs one file at a time, in order.
   */
  private async judge(
    read: ReadFile,
    file: FileToImport,
    known: KnownDocuments,
    options: ImportOptions,
    threads: ThreadResolver,
    reading: ReadingContext,
  ): Promise<OneResult> {
    const { source, importer } = read;
    const sha256 = source.sha256;
    const sameSource = known.byPath.get(source.real);
    const unchanged = unchangedOriginal(known, importer, source);
    if (unchanged && !LINKING_IMPORTERS.has(importer.id)) return { kind: 'unchanged', ids: [unchanged.id] };
    // A copy of an original that is waiting in a batch not yet written: recognised once that batch is written.
    if (!unchanged && !sameSource && !LINKING_IMPORTERS.has(importer.id) && this.pendingHashes.has(sha256)) return { kind: 'after-flush' };
    // Read ahead when it looked unchanged; what this import wrote since can make it new again (never here: a known document stays known).
    const imported = read.imported ?? (await parseSource(importer, source, reading, () => undefined));

    if (unchanged) {
      // Same bytes as before: nothing to write, but links an interrupted run never made are made now.
      const ids = imported.map((doc) => known.bySource.get(`${unchanged.provenance!.sourcePath}\0${doc.key}`)?.id ?? (doc.key === '' ? unchanged.id : undefined));
      const keys = new Map(imported.map((doc, i) => [doc.key, ids[i]] as const).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const relink = imported.flatMap((doc, i) => (ids[i] ? [{ from: ids[i], sourcePath: unchanged.provenance!.sourcePath, root: file.root, imported: doc, keys }] : []));
      return { kind: 'unchanged', ids: ids.filter((id): id is string => id !== undefined), relink };
    }

    const importedAt = new Date();
    const needsOriginal = imported.some((doc) => doc.attachment?.kind === 'original');
    const originalRef = needsOriginal ? await this.attachments.put(source.bytes, sha256) : null;
    const threadId = await threads.threadFor(options, file);
    const documents: NewDocument[] = [];
    for (const doc of imported) {
      const mediaRef =
        doc.attachment?.kind === 'original'
          ? originalRef
          : doc.attachment?.kind === 'bytes'
            ? await this.attachments.put(doc.attachment.bytes, createHash('sha256').update(doc.attachment.bytes).digest('hex'))
            : null;
      documents.push({
        title: doc.title || titleFallback(source.name),
        docType: doc.docType,
        content: doc.content,
        isOwned: false,
        threadId: threadId ?? (doc.threadName ? await threads.byName(doc.threadName) : null),
        provenance: {
          sourcePath: source.real,
          originalHash: sha256,
          importedAt,
          importer: importer.id,
          importerVersion: importer.version,
          ...(doc.key !== '' ? { sourceKey: doc.key } : {}),
        },
        mediaRef,
        tags: doc.tags,
        ...(doc.position ? { position: { x: doc.position.x, y: doc.position.y, userPlaced: true } } : {}),
        createdAt: doc.dates.timeline ?? doc.dates.created ?? source.modifiedAt,
        modifiedAt: doc.dates.modified ?? doc.dates.created ?? source.modifiedAt,
      });
    }

    if (sameSource) {
      // The file changed since it was imported: its documents get a new version, not a twin.
      const ids: string[] = [];
      const keys = new Map<string, string>();
      const relink: LinkToResolve[] = [];
      const added: number[] = [];
      for (const [i, doc] of documents.entries()) {
        const existing = known.bySource.get(`${source.real}\0${imported[i]!.key}`);
        if (!existing) {
          added.push(i);
          continue;
        }
        await this.store.updateDocument(
          existing.id,
          { title: doc.title, content: doc.content, provenance: doc.provenance ?? null, mediaRef: doc.mediaRef ?? null, tags: doc.tags ?? [] },
          { author: 'user', message: format(_('Imported {name} again: the file changed'), { name: source.name }) },
        );
        ids.push(existing.id);
        keys.set(imported[i]!.key, existing.id);
        relink.push({ from: existing.id, sourcePath: source.real, root: file.root, imported: imported[i]!, keys });
      }
      // Parts the file did not have before (a new canvas node) are new documents.
      if (added.length > 0) {
        const created = await this.store.createDocuments(added.map((i) => documents[i]!), { batchSize: transactionSize(added.length) });
        created.forEach((meta, n) => {
          const i = added[n]!;
          this.remember(meta);
          ids.push(meta.id);
          keys.set(imported[i]!.key, meta.id);
          relink.push({ from: meta.id, sourcePath: source.real, root: file.root, imported: imported[i]!, keys });
        });
      }
      return { kind: 'updated', ids, relink };
    }
    if (!LINKING_IMPORTERS.has(importer.id)) this.pendingHashes.add(sha256);
    return { kind: 'new', real: source.real, documents, imported };
  }

  /** Writes a batch of files' documents in one bulk call (transactions of a few hundred inside the store). */
  private async write(batch: readonly Pending[], summary: ImportSummary, links: LinkIndex, toLink: LinkToResolve[]): Promise<void> {
    let created: DocumentMeta[] | undefined;
    try {
      const documents = batch.flatMap((p) => p.documents);
      // One transaction for the whole batch: if it fails, nothing of it was written and each file can be retried alone.
      created = await this.store.createDocuments(documents, { batchSize: transactionSize(documents.length) });
    } catch {
      // One file's documents spoiled the transaction: write each file on its own so only that one fails.
    }
    let next = 0;
    for (const item of batch) {
      // Written or failed, a copy of this original is judged against the store from now on.
      if (item.hash !== null) this.pendingHashes.delete(item.hash);
      let metas: DocumentMeta[];
      if (created) {
        metas = created.slice(next, next + item.documents.length);
        next += item.documents.length;
      } else {
        try {
          metas = await this.store.createDocuments(item.documents, { batchSize: transactionSize(item.documents.length) });
        } catch (error) {
          item.outcome.error = asSovereignError(error, 'database');
          this.record(summary, item.outcome);
          continue;
        }
      }
      for (const meta of metas) this.remember(meta);
      const ids = metas.map((meta) => meta.id);
      item.outcome.status = 'created';
      item.outcome.documentIds = ids;
      this.record(summary, item.outcome);
      if (ids.length > 0 && item.imported[0]?.key === '') links.add(item.real, ids[0]!);
      const keys = new Map(item.imported.map((doc, i) => [doc.key, ids[i]!] as const));
      item.imported.forEach((doc, i) => toLink.push({ from: ids[i]!, sourcePath: item.real, root: item.file.root, imported: doc, keys }));
    }
  }

  /** Creates the relationships the imported documents' links name, once every document exists; existing ones are not doubled. */
  private async createLinks(toLink: readonly LinkToResolve[], links: LinkIndex): Promise<number> {
    const wanted = new Map<string, NewRelationship>();
    for (const item of toLink) {
      // 2,000 notes' links took ~45 ms to resolve in one piece.
      await loopTurns.giveWay();
      for (const link of item.imported.links) {
        const to = link.target.kind === 'key' ? item.keys.get(link.target.key) : links.resolve(link.target, item.sourcePath, item.root);
        if (!to || to === item.from) continue;
        const kind = link.relation ?? 'references';
        wanted.set(`${item.from}\0${to}\0${kind}`, { kind, from: item.from, to });
      }
    }
    if (wanted.size === 0) return 0;
    const existing = new Set((await this.store.allRelationships()).map((r) => `${r.from}\0${r.to}\0${r.kind}`));
    const missing = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, relationship]) => relationship);
    // Written in transactions of a few hundred: 6,000 links in one took the loop ~50 ms to encode, and as long again to take in.
    for (let start = 0; start < missing.length; start += LINKS_PER_TRANSACTION) {
      await loopTurns.giveWay();
      await this.store.createRelationships(missing.slice(start, start + LINKS_PER_TRANSACTION));
    }
    return missing.length;
  }

  /** What the service can import, for file choosers and messages. */
  static supportedExtensions(): string[] {
    return supportedExtensions();
  }
}

interface KnownDocuments {
  all: DocumentMeta[];
  /** By source path and key within the file. */
  bySource: Map<string, DocumentMeta>;
  byHash: Map<string, DocumentMeta>;
  /** One document of each source path (a canvas has several, all with the file's hash). */
  byPath: Map<string, DocumentMeta>;
}

function rememberIn(known: KnownDocuments, meta: DocumentMeta): void {
  if (!meta.provenance) return;
  const key = meta.provenance.sourceKey ?? '';
  known.bySource.set(`${meta.provenance.sourcePath}\0${key}`, meta);
  known.byPath.set(meta.provenance.sourcePath, meta);
  if (meta.provenance.originalHash) known.byHash.set(`${meta.provenance.originalHash}\0${key}`, meta);
}

type OneResult =
  | { kind: 'new'; real: string; documents: NewDocument[]; imported: ImportedDocument[] }
  | { kind: 'unchanged' | 'updated'; ids: string[]; relink?: LinkToResolve[] }
  | { kind: 'after-flush' };

/** Finds or creates the threads an import puts documents in, once per name. */
class ThreadResolver {
  private readonly ids = new Map<string, Promise<string>>();

  constructor(private readonly store: GraphStore) {}

  async threadFor(options: ImportOptions, file: FileToImport): Promise<string | null> {
    if (options.threadName !== undefined) return this.byName(options.threadName);
    if (options.foldersAsThreads && file.topFolder) return this.byName(file.topFolder);
    return null;
  }

  byName(name: string): Promise<string> {
    const key = name.trim().toLowerCase();
    let id = this.ids.get(key);
    if (!id) {
      id = (async () => (await this.store.findThreadByName(name))?.id ?? (await this.store.createThread({ name: name.trim() })).id)();
      this.ids.set(key, id);
    }
    return id;
  }
}

/** The original judged unchanged: same path and bytes, or (for originals, not notes) the same bytes anywhere. */
function unchangedOriginal(known: KnownDocuments, importer: Importer, source: Pick<SourceFile, 'real' | 'sha256'>): DocumentMeta | undefined {
  const sameSource = known.byPath.get(source.real);
  // A note's identity is its path (two empty notes in a vault are two notes); an original
  // (PDF, picture, page) is the same original wherever it is found again.
  const sameHash = LINKING_IMPORTERS.has(importer.id) ? undefined : known.byHash.get(`${source.sha256}\0`);
  return sameSource ? (sameSource.provenance?.originalHash === source.sha256 ? sameSource : undefined) : sameHash;
}

/** The store takes at most 2,000 documents a transaction; only a file with more (a huge canvas) is split. */
function transactionSize(documents: number): number {
  return Math.min(2000, Math.max(1, documents));
}

function titleFallback(name: string): string {
  return path.basename(name, path.extname(name)) || name;
}

function isSovereignErrorOfKind(error: unknown, kind: string): boolean {
  return error instanceof SovereignError && error.kind === kind;
}
