import type { ImportService } from '../importers/index.js';
import type { GraphStore } from '../store/index.js';
import type { UiImportOptions, UiImportSummary } from '../ui/services.js';

/**
 * Documents per store transaction in the window: 50 rather than the
 * command line's 250 halves the longest pieces an import holds the window's
 * loop for (tests/bench/import/import-lag: p99 70 → 56 ms at 2,000 notes)
 * and leaves the window's import rate as it was (it is bounded elsewhere).
 */
const WINDOW_DOCUMENTS_PER_TRANSACTION = 50;

/**
 * The window's Import button and drops, through the one import service:
 * folders are walked (a dropped vault imports as a vault), a drop on a
 * thread row puts the documents in that thread.
 */
export async function importForWindow(imports: ImportService, store: GraphStore, paths: readonly string[], options: UiImportOptions = {}): Promise<UiImportSummary> {
  const threadName = options.threadId === undefined ? undefined : (await store.getThread(options.threadId)).name;
  const summary = await imports.importPaths(paths, {
    recursive: true,
    documentsPerTransaction: WINDOW_DOCUMENTS_PER_TRANSACTION,
    ...(threadName !== undefined ? { threadName } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    documentIds: summary.outcomes.filter((o) => o.status === 'created' || o.status === 'updated').flatMap((o) => o.documentIds),
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    failures: summary.outcomes.filter((o) => o.status === 'failed').map((o) => ({ file: o.path, reason: o.error?.message ?? '' })),
    cancelled: summary.cancelled,
  };
}
