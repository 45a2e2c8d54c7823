// Child process of the benchmark: opens a workspace on disk the way the app
// does (database, then model from its snapshot and search index from its
// saved file, in parallel) and reports
// the time and memory it took, as one JSON line.
import { performance } from 'node:perf_hooks';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { openStore } from '../../../src/store/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';

const [url, indexFile, snapshotFile] = process.argv.slice(2) as [string, string, string];
const start = performance.now();
const store = await openStore(defaultConfig(), resolvePaths(), { url });
const opened = performance.now();
// The model and the index load side by side, as the app does.
let modelled = 0;
let searchable = 0;
const [model, index] = await Promise.all([
  loadWorkspaceModel(store, { snapshotFile }).then((m) => ((modelled = performance.now()), m)),
  openSearchIndex(store, { file: indexFile }).then((i) => ((searchable = performance.now()), i)),
]);
const end = performance.now();
global.gc?.();
process.stdout.write(
  JSON.stringify({
    openDbMs: opened - start,
    loadModelMs: modelled - opened,
    loadSearchMs: searchable - opened,
    totalMs: end - start,
    documents: model.size,
    indexed: index.size,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  }) + '\n',
);
process.exit(0);
