import { _, createLogger } from '../../../core/index.js';
import type { DraftStore } from './draft-branch.js';
import type { DraftJournal } from './draft-journal.js';

const log = createLogger('editor.journal');

export interface ReplayReport {
  /** Documents whose unsaved text was saved as a version. */
  recovered: string[];
  /** Entries whose document no longer exists (kept in the journal, never deleted). */
  orphaned: string[];
}

/**
 * Saves what the journal holds from a session that did not end (the app
 * was killed): each entry's text is stored and becomes one version, then the
 * entry is removed. Runs when the workspace opens, before any editor.
 */
export async function replayJournal(journal: DraftJournal, drafts: DraftStore, exists: (documentId: string) => boolean): Promise<ReplayReport> {
  const report: ReplayReport = { recovered: [], orphaned: [] };
  for (const entry of await journal.entries()) {
    if (!exists(entry.documentId)) {
      log.warn('the editor journal holds text of a document that no longer exists; kept', { documentId: entry.documentId, dir: journal.dir });
      report.orphaned.push(entry.documentId);
      continue;
    }
    await drafts.saveDraft(entry.documentId, entry.content);
    await drafts.commitVersion(entry.documentId, _('Recovered unsaved text'));
    await journal.remove(entry.documentId);
    report.recovered.push(entry.documentId);
  }
  if (report.recovered.length > 0) log.info('recovered unsaved editor text', { documents: report.recovered.length });
  return report;
}
