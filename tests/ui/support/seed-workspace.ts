// Child process: fills a workspace database on disk for a UI test or
// benchmark, the way the app will open it (store + search index file), then
// exits (the embedded engine releases its lock only at process exit).
//   node seed-workspace.js <data-home> sample
//   node seed-workspace.js <data-home> big <documents>
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { createSampleWorkspace } from '../../../src/workspace/index.js';
import { generateWorkspace } from '../../fixtures/workspace-fixture.js';
import { saveCachesAndExit } from './seeded-caches.js';

const [dataHome, kind, count] = process.argv.slice(2) as [string, string, string | undefined];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(dataHome, 'data'), XDG_CACHE_HOME: path.join(dataHome, 'cache') });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
if (kind === 'sample') {
  await createSampleWorkspace(store);
  // A second version of one note, so its history has something to compare.
  const [budget] = await store.findByTitlePrefix('Budget review Q2', 1);
  if (budget) {
    const current = await store.getDocument(budget.id);
    await store.updateDocument(budget.id, { content: current.content.replace('three months', 'four months') + '\n\nNext: review insurance.' }, { author: 'user', message: 'Emergency fund update' });
  }
} else if (kind === 'big') {
  const fixture = generateWorkspace({ documents: Number(count ?? 50_000), now: new Date() });
  for (const thread of fixture.threads) await store.createThread(thread);
  await store.createDocuments(fixture.documents, { batchSize: 500 });
  await store.createRelationships(fixture.relationships, { batchSize: 100 });
}
await saveCachesAndExit(store, paths.cacheDir);
