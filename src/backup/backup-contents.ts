import { createHash } from 'node:crypto';
import type { Entry } from './backup-entries.js';
import { damaged } from './backup-errors.js';
import { backupManifestSchema, type BackupManifest } from './backup-format.js';
import { ATTACHMENT_NAME } from './workspace-files.js';

/** What to do with each part as it is read; both default to reading and discarding. */
export interface ContentHandlers {
  database?: (body: AsyncGenerator<Buffer>) => Promise<void>;
  attachment?: (name: string, body: AsyncGenerator<Buffer>) => Promise<void>;
}

/**
 * Walks a backup's entries, hashing the database and every attachment as
 * they pass to the handlers, and checks them against the manifest at the
 * end: the database's size and hash, and each attachment's name (its
 * SHA-256), size and count. Any mismatch is "damaged".
 */
export async function readBackupContents(file: string, entries: AsyncGenerator<Entry>, handlers: ContentHandlers = {}): Promise<BackupManifest> {
  let database: { bytes: number; sha256: string } | undefined;
  const attachments = new Map<string, number>();
  let manifest: BackupManifest | undefined;
  for await (const entry of entries) {
    if (manifest !== undefined) throw damaged(file, 'it has contents after the manifest');
    const measured = measure(entry.body);
    if (entry.kind === 'database') {
      if (database !== undefined) throw damaged(file, 'it holds two databases');
      await (handlers.database ?? drain)(measured.body);
      await drain(measured.body);
      database = measured.result();
    } else if (entry.kind === 'attachment') {
      if (!ATTACHMENT_NAME.test(entry.name) || attachments.has(entry.name)) throw damaged(file, `the attachment name ${JSON.stringify(entry.name)} is not valid`);
      await (handlers.attachment ?? ((_name, body) => drain(body)))(entry.name, measured.body);
      await drain(measured.body);
      const result = measured.result();
      if (result.sha256 !== entry.name) throw damaged(file, `the attachment ${entry.name} does not match its hash`);
      attachments.set(entry.name, result.bytes);
    } else {
      const text = Buffer.concat(await collect(entry.body)).toString('utf8');
      const parsed = backupManifestSchema.safeParse(safeJson(text));
      if (!parsed.success) throw damaged(file, 'its manifest is not readable');
      manifest = parsed.data;
    }
  }
  if (manifest === undefined) throw damaged(file, 'it has no manifest');
  if (database === undefined) throw damaged(file, 'it holds no database');
  if (database.bytes !== manifest.database.bytes || database.sha256 !== manifest.database.sha256) throw damaged(file, 'the database does not match the manifest');
  if (manifest.attachments.length !== attachments.size) {
    throw damaged(file, `it holds ${attachments.size} attachments where the manifest lists ${manifest.attachments.length}`);
  }
  for (const listed of manifest.attachments) {
    if (attachments.get(listed.name) !== listed.bytes) throw damaged(file, `the attachment ${listed.name} does not match the manifest`);
  }
  return manifest;
}

function measure(source: AsyncGenerator<Buffer>): { body: AsyncGenerator<Buffer>; result: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* body(): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      hash.update(piece);
      bytes += piece.length;
      yield piece;
    }
  }
  return { body: body(), result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

async function drain(body: AsyncGenerator<Buffer>): Promise<void> {
  for await (const piece of body) void piece;
}

async function collect(body: AsyncGenerator<Buffer>): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of body) pieces.push(piece);
  return pieces;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
