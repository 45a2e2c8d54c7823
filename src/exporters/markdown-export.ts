import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { Document, RelationKind, Relationship } from '../store/records.js';
import { RELATION_KINDS } from '../store/records.js';
import type { OriginalReader } from '../importers/original-reader.js';
import type { ExportContents } from './export-selection.js';
import { UniqueNames } from './file-names.js';

export interface MarkdownExportResult {
  files: number;
  attachments: number;
}

/**
 * Writes the exported documents to a folder as an Obsidian-style vault:
 * one "<Title>.md" per document with YAML front matter, in a folder named
 * after its thread (documents in no thread at the top), attachments copied
 * into attachments/. Importing the folder with top-level folders as threads
 * brings the threads back; file names are unique across the whole folder,
 * so a wiki link by file name finds its note wherever it is. Relationships are wiki links in the front matter
 * (`references: ["[[Other note]]"]`, one key per relationship kind), which
 * Obsidian shows as links and backlinks, so the document's content is
 * written exactly as it is stored.
 *
 * Front matter values are written as JSON strings, which are valid YAML
 * double-quoted scalars: any title survives, with no YAML writer needed.
 *
 * The folder is built beside the target and renamed into place at the end:
 * a failed or cancelled export leaves nothing half-written. Attachments are
 * read through `originals` (the import service: decrypted in a vault); one
 * that is missing is left out, one that fails authentication stops the
 * export.
 */
export async function exportMarkdownFolder(
  contents: ExportContents,
  out: string,
  originals: OriginalReader,
  signal?: AbortSignal,
  onProgress?: (done: number, total: number) => void,
): Promise<MarkdownExportResult> {
  const target = path.resolve(out);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
    throw new SovereignError('already-exists', format(_('cannot export to {path}: it exists and is not an empty folder'), { path: target }), {
      hint: _('Choose a new folder name; an export never overwrites files.'),
    });
  }
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'attachments'), { recursive: true });
  try {
    const names = new UniqueNames();
    const stems = new Map(contents.documents.map((doc) => [doc.id, names.take(doc.title)]));
    const threadName = new Map(contents.threads.map((t) => [t.id, t.name]));
    const folderNames = new UniqueNames();
    folderNames.take('attachments');
    const threadFolder = new Map<string, string>();
    const folderOf = (threadId: string | null): string => {
      if (threadId === null || !threadName.has(threadId)) return staging;
      let folder = threadFolder.get(threadId);
      if (folder === undefined) {
        folder = path.join(staging, folderNames.take(threadName.get(threadId)!));
        fs.mkdirSync(folder);
        threadFolder.set(threadId, folder);
      }
      return folder;
    };
    const attachmentNames = new UniqueNames();
    const copied = new Map<string, string>();
    const copyAttachment = async (ref: string): Promise<string | null> => {
      const known = copied.get(ref);
      if (known !== undefined) return known;
      const bytes = await readAttachment(originals, ref);
      if (bytes === null) return null;
      const parsed = path.parse(ref);
      const name = `${attachmentNames.take(parsed.name)}${parsed.ext}`;
      fs.writeFileSync(path.join(staging, 'attachments', name), bytes);
      copied.set(ref, `attachments/${name}`);
      return `attachments/${name}`;
    };
    const titles = new Map(contents.documents.map((doc) => [doc.id, doc.title]));
    const outbound = new Map<string, Relationship[]>();
    for (const r of contents.relationships) outbound.set(r.from, [...(outbound.get(r.from) ?? []), r]);
    for (const [i, doc] of contents.documents.entries()) {
      signal?.throwIfAborted();
      const links = new Map<RelationKind, string[]>();
      for (const r of outbound.get(doc.id) ?? []) {
        const stem = stems.get(r.to)!;
        const title = titles.get(r.to) ?? stem;
        links.set(r.kind, [...(links.get(r.kind) ?? []), stem === title ? `[[${stem}]]` : `[[${stem}|${title}]]`]);
      }
      const attachment = doc.mediaRef ? await copyAttachment(doc.mediaRef) : null;
      const text = frontMatter(doc, doc.threadId === null ? null : (threadName.get(doc.threadId) ?? null), attachment, links) + doc.content;
      fs.writeFileSync(path.join(folderOf(doc.threadId), `${stems.get(doc.id)!}.md`), text);
      onProgress?.(i + 1, contents.documents.length);
    }
    if (copied.size === 0) fs.rmdirSync(path.join(staging, 'attachments'));
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(staging, target);
    return { files: contents.documents.length, attachments: copied.size };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** An attachment's bytes, or null when it is not in the data folder's attachments (a reference of another form, or a missing file). */
async function readAttachment(originals: OriginalReader, ref: string): Promise<Buffer | null> {
  if (!/^attachments\/[^/\\]+$/.test(ref)) return null;
  try {
    return await originals.readOriginal(ref);
  } catch (error) {
    if ((error as { kind?: unknown }).kind === 'not-found') return null;
    throw error;
  }
}

function frontMatter(doc: Document, thread: string | null, attachment: string | null, links: Map<RelationKind, string[]>): string {
  const lines = ['---', `title: ${JSON.stringify(doc.title)}`, `created: ${JSON.stringify(doc.createdAt.toISOString())}`, `modified: ${JSON.stringify(doc.modifiedAt.toISOString())}`];
  if (thread !== null) lines.push(`thread: ${JSON.stringify(thread)}`);
  lines.push(`type: ${JSON.stringify(doc.docType)}`, `owned: ${doc.isOwned}`);
  if (doc.provenance) {
    lines.push(
      `source: ${JSON.stringify(doc.provenance.sourcePath)}`,
      `sha256: ${JSON.stringify(doc.provenance.originalHash)}`,
      `imported: ${JSON.stringify(doc.provenance.importedAt.toISOString())}`,
    );
  }
  if (attachment !== null) lines.push(`attachment: ${JSON.stringify(attachment)}`);
  for (const kind of RELATION_KINDS) {
    const targets = links.get(kind);
    if (targets) lines.push(`${kind}: ${JSON.stringify(targets)}`);
  }
  // A blank line after the front matter: readers drop the line break after the closing '---' and the markdown importer one more, so the content comes back exactly, even when it starts with a blank line.
  lines.push('---', '', '');
  return lines.join('\n');
}
