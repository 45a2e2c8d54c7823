import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, createLogger, format, _ } from '../../../core/index.js';
import { PLAIN_FIELDS, type FieldCipher } from '../../../store/field-cipher.js';

const log = createLogger('editor.journal');

/** Unsaved text of one document, as the journal keeps it. */
export interface JournalEntry {
  documentId: string;
  content: string;
  /** When the text was written to the journal (epoch ms). */
  writtenAt: number;
}

const entrySchema = z.object({
  version: z.literal(1),
  documentId: z.string().min(1),
  content: z.string(),
  writtenAt: z.number(),
});

/**
 * The journal of text typed but not yet in a committed version: one file
 * per document (<dir>/<id>.json), replaced atomically on every write
 * (temporary file, fsync, rename, fsync of the folder), so a kill -9 at any
 * moment leaves either the previous text or the new one, never half a file.
 * An entry is removed once its text is in a version; what is left at start
 * is replayed (see replay-journal.ts).
 */
export class DraftJournal {
  /**
   * `cipher`: the store's field cipher. In a vault the typed text is sealed
   * under the data key like the document it belongs to, so the journal
   * never puts a vault's words on disk in the clear.
   */
  constructor(
    readonly dir: string,
    private readonly cipher: FieldCipher = PLAIN_FIELDS,
  ) {}

  private fileOf(documentId: string): string {
    // Ids are opaque: encode them so any id is one plain file name.
    return path.join(this.dir, `${encodeURIComponent(documentId)}.json`);
  }

  async write(documentId: string, content: string, writtenAt = Date.now()): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.fileOf(documentId);
    const temporary = `${file}.${process.pid}.tmp`;
    const body = JSON.stringify({ version: 1, documentId, content: this.cipher.seal(journalRecord(documentId), 'content', content), writtenAt });
    const handle = await fs.open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
    await this.syncDir();
  }

  async read(documentId: string): Promise<JournalEntry | undefined> {
    return this.readFile(this.fileOf(documentId));
  }

  async remove(documentId: string): Promise<void> {
    await fs.rm(this.fileOf(documentId), { force: true });
  }

  /** Every readable entry. A damaged file is kept aside (renamed .damaged) and reported, never deleted. */
  async entries(): Promise<JournalEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new SovereignError('io', format(_('Cannot read the editor journal in {dir}: {reason}'), { dir: this.dir, reason: (error as Error).message }), { cause: error });
    }
    const entries: JournalEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const entry = await this.readFile(path.join(this.dir, name));
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private async readFile(file: string): Promise<JournalEntry | undefined> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const parsed = entrySchema.parse(JSON.parse(text));
      // Opening authenticates too: text sealed for another document, or altered, is set aside like a damaged file.
      return { documentId: parsed.documentId, content: this.cipher.open(journalRecord(parsed.documentId), 'content', parsed.content), writtenAt: parsed.writtenAt };
    } catch (error) {
      log.warn('a damaged editor journal file was set aside', { file, reason: String(error) });
      await fs.rename(file, `${file}.damaged`).catch(() => undefined);
      return undefined;
    }
  }

  private async syncDir(): Promise<void> {
    // The rename is durable only once the folder's entry is on disk too.
    const handle = await fs.open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

/** What a journal entry is sealed for: its document, so an entry moved to another document's file does not open. */
function journalRecord(documentId: string): string {
  return `journal:${documentId}`;
}
