// Child process: fills a workspace database on disk with the assistant's
// test workspace (threads "Project Alpha", "Kitchen Renovation"…, two
// "Tile …" documents, tests/fixtures/assistant), the way the app will open
// it, then exits (the embedded engine releases its lock only at exit).
//   node seed-assistant-workspace.js <home>
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';
import { saveCachesAndExit } from './seeded-caches.js';

const [home] = process.argv.slice(2) as [string];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache') });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
await createAssistantWorkspace(store);
await saveCachesAndExit(store, paths.cacheDir);
