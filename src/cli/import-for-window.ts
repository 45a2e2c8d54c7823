import type { ImportService } from '../importers/index.js';
import type { GraphStore } from '../store/index.js';
import type { UiImportOptions, UiImportSummary } from '../ui/services.js';

/**
 * The window's Import button and drops, through the one import service:
 * folders are walked (a dropped vault imports as a vault), a drop on a
 * thread row puts the documents in that thread.
 */
export async function importForWindow(imports: ImportService, store: GraphStore, paths: readonly string[], options: UiImportOptions = {}): Promise<UiImportSummary> {
  const threadName = options.threadId === undefined ? undefined : (await store.getThread(options.threadId)).name;
  const summary = await imports.importPaths(paths, {
    recursive: true,
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
