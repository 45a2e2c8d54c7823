import path from 'node:path';
import { MODEL_SNAPSHOT_FILE, SEARCH_INDEX_FILE } from '../../../src/cli/workspace-session.js';
import { openSearchIndex } from '../../../src/search/index.js';
import type { GraphStore } from '../../../src/store/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';

/**
 * Ends a seeding child process: saves the model snapshot and the search index
 * as a previous run of the app would have, closes the store and exits (the
 * embedded engine releases its lock only at process exit).
 */
export async function saveCachesAndExit(store: GraphStore, cacheDir: string): Promise<never> {
  const model = await loadWorkspaceModel(store, { snapshotFile: path.join(cacheDir, MODEL_SNAPSHOT_FILE) });
  await model.saveSnapshot();
  model.dispose();
  const index = await openSearchIndex(store, { file: path.join(cacheDir, SEARCH_INDEX_FILE) });
  await index.whenIdle();
  await index.close();
  await store.close();
  process.exit(0);
}
