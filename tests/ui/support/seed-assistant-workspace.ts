// Child process: fills a workspace database on disk with the assistant's
// test workspace (threads "Project Alpha", "Kitchen Renovation"…, two
// "Tile …" documents, tests/fixtures/assistant), the way the app will open
// it, then exits (the embedded engine releases its lock only at exit).
//   node seed-assistant-workspace.js <home>
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { openStore } from '../../../src/store/index.js';
import { MODEL_SNAPSHOT_FILE, SEARCH_INDEX_FILE } from '../../../src/cli/workspace-session.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { createAssistantWorkspace } from '../../fixtures/assistant/assistant-workspace.js';

const [home] = process.argv.slice(2) as [string];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache') });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
await createAssistantWorkspace(store);
const model = await loadWorkspaceModel(store, { snapshotFile: path.join(paths.cacheDir, MODEL_SNAPSHOT_FILE) });
await model.saveSnapshot();
model.dispose();
const index = await openSearchIndex(store, { file: path.join(paths.cacheDir, SEARCH_INDEX_FILE) });
await index.whenIdle();
await index.close();
await store.close();
process.exit(0);
