import type { SovereignError } from '../core/index.js';
import type { DocType, RelationKind } from '../store/records.js';

/**
 * The contract every per-format importer implements (one module per
 * format in this folder). An importer is a pure translation from the bytes
 * of one file to documents: it never touches the store, never writes files,
 * and never runs anything from the file (no scripts, no front-matter code).
 * The import service (import-service.ts) opens and checks the file, picks
 * the importer, stores the original content-addressed, records provenance,
 * recognises re-imports and resolves links; an importer only reads.
 */
export interface Importer {
  /** Stable id recorded in provenance, e.g. "markdown", "pdf", "json-canvas". */
  readonly id: string;
  /** Bumped when the same file would now import differently; recorded in provenance. */
  readonly version: string;
  /** Lower-case extensions with the dot, e.g. [".md", ".markdown"]. */
  readonly extensions: readonly string[];
  /**
   * Whether the bytes really are this format (magic bytes, a parse of the
   * first few KB). The service calls it before import() so a binary file
   * named .md or a text file named .pdf is refused with the detected type.
   * Absent: any bytes are accepted for the extension.
   */
  detect?(head: Buffer): boolean;
  /**
   * Translates the file. Throws a SovereignError whose message names the
   * file (use file.name) and the cause ("cannot import report.pdf: it is
   * password-protected"). Must honour ctx.signal for long work.
   */
  import(file: SourceFile, ctx: ImportContext): Promise<ImportedDocument[]>;
}

/** A file that passed the readable-file check, already read into memory. */
export interface SourceFile {
  /** The path as the caller gave it, for messages. */
  readonly requested: string;
  /** The resolved path (no symlinks): what provenance records. */
  readonly real: string;
  /** Base name of the resolved target; what messages name. */
  readonly name: string;
  /** Lower-case extension of the resolved target, with the dot ("" if none). */
  readonly extension: string;
  readonly bytes: Buffer;
  /** sha256 of bytes, hex. */
  readonly sha256: string;
  /** The file's modification time on disk. */
  readonly modifiedAt: Date;
}

/** What the service lends an importer for one file. */
export interface ImportContext {
  /** Aborted when the person cancels; importers pass it on to child processes. */
  readonly signal: AbortSignal;
  /**
   * A scratch folder for this file (removed afterwards), for tools that need
   * a path. Made on the first call: most files (notes) never need one, and
   * making and removing a folder per note was a tenth of a vault import's time.
   */
  scratchDir(): Promise<string>;
  /** Most bytes an archive (DOCX, ODT) may expand to before it is refused as a zip bomb. */
  readonly maxExpandedBytes: number;
  /**
   * Reports a problem with part of the file (a JSON Canvas edge to a node
   * that is not there) while the rest imports: it is listed with the file's
   * outcome in the summary.
   */
  warn(problem: SovereignError): void;
}

/** Where a link in an imported document points; the service resolves it against the batch and the workspace. */
export type LinkTarget =
  /** Obsidian link text ([[note]], [[folder/note]], ![[image.png]]): resolved by Obsidian's shortest-path rule. */
  | { kind: 'wikilink'; text: string }
  /** A relative path from a markdown link ([x](../notes/a.md)), relative to the importing file's folder. */
  | { kind: 'path'; path: string }
  /** Another document of the same file, by its ImportedDocument.key (JSON Canvas edges). */
  | { kind: 'key'; key: string };

export interface ImportedLink {
  target: LinkTarget;
  /** Default 'references'. */
  relation?: RelationKind;
  /** The alias or edge label, kept for exporters; not stored yet. */
  label?: string;
  /** ![[embed]] rather than [[link]]. */
  embed?: boolean;
}

/** An attachment the document shows or was made from; stored at attachments/<sha256>. */
export type ImportedAttachment =
  /** The imported file itself (PDF, image, DOCX). */
  | { kind: 'original' }
  /** Other bytes the importer produced or found (a JSON Canvas file node's image). */
  | { kind: 'bytes'; bytes: Buffer; name: string };

export interface ImportedDates {
  created?: Date;
  modified?: Date;
  /** Where the card sits on the timeline (EXIF date, front-matter date); default created, then the file's mtime. */
  timeline?: Date;
}

export interface ImportedDocument {
  /**
   * Identifies this document within its file, stable across re-imports of
   * the same file: "" for single-document formats, the node id for JSON
   * Canvas. With the source path it is how a re-import finds its document.
   */
  key: string;
  title: string;
  docType: DocType;
  /** Markdown or plain text; for images a caption (may be empty). */
  content: string;
  dates: ImportedDates;
  /** Without the leading '#'; the service de-duplicates. */
  tags: string[];
  links: ImportedLink[];
  attachment?: ImportedAttachment;
  /** A place on the canvas chosen by the source (JSON Canvas); otherwise the canvas lays it out. */
  position?: { x: number; y: number };
  /** A thread the source puts the document in (by name); the caller's --thread wins. */
  threadName?: string;
}
