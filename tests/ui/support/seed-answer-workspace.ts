// Child process: fills a workspace database on disk with a few notes to ask
// questions about (one long enough that its cited passage is far below the
// first screen), the way the app will open it, then exits.
//   node seed-answer-workspace.js <home>
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { ANSWER_NOTES } from '../../fixtures/assistant/answer-notes.js';
import { saveCachesAndExit } from './seeded-caches.js';

const [home] = process.argv.slice(2) as [string];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache') });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
await store.createDocuments(ANSWER_NOTES.map((note) => ({ ...note, docType: 'markdown' as const, threadId: null })));
await saveCachesAndExit(store, paths.cacheDir);
