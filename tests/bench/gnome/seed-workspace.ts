// Fills the store of the session whose XDG dirs are in the environment with
// the deterministic fixture workspace (argv[2] documents), then exits. Runs
// in its own process: the embedded store belongs to one process at a time.
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { generateWorkspace } from '../../fixtures/workspace-fixture.js';

const count = Number(process.argv[2] ?? '50000');
const fixture = generateWorkspace({ documents: count, edges: 0 });
const store = await openStore(defaultConfig(), resolvePaths(process.env));
for (const thread of fixture.threads) await store.createThread(thread);
await store.createDocuments(fixture.documents, { batchSize: 500 });
await store.close();
process.exit(0);
