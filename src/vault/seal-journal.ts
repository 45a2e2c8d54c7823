import fs from 'node:fs/promises';
import path from 'node:path';
import { sealedFields } from '../store/index.js';
import { DraftJournal } from '../skills/core/markdown-editor/draft-journal.js';
import { JOURNAL_DIR } from '../skills/core/markdown-editor/document-editing.js';

/**
 * Before the switch: text typed but not yet in a version when the app last
 * stopped (the editor's journal, replayed at the next open) is written
 * sealed into the staging folder's journal/; the plain entries are only read.
 */
export async function sealJournalInto(staging: string, dataDir: string, dataKey: Buffer): Promise<void> {
  const entries = await new DraftJournal(path.join(dataDir, JOURNAL_DIR)).entries();
  const sealed = new DraftJournal(path.join(staging, JOURNAL_DIR), sealedFields(dataKey));
  for (const entry of entries) await sealed.write(entry.documentId, entry.content, entry.writtenAt);
}

/**
 * After the switch: each sealed entry replaces the plain one of the same
 * document (one rename each, so an entry is always whole: plain or sealed).
 * Can be cut short and redone.
 */
export async function moveSealedJournal(staging: string, dataDir: string): Promise<void> {
  const sealedDir = path.join(staging, JOURNAL_DIR);
  const names = await fs.readdir(sealedDir).catch(() => [] as string[]);
  if (names.length === 0) return;
  const target = path.join(dataDir, JOURNAL_DIR);
  await fs.mkdir(target, { recursive: true, mode: 0o700 });
  for (const name of names) if (name.endsWith('.json')) await fs.rename(path.join(sealedDir, name), path.join(target, name));
}
