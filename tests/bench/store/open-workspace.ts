// Child process of the benchmark: opens a workspace on disk the way the app
// does (database + model + search index from its saved file) and reports
// the time and memory it took, as one JSON line.
import { performance } from 'node:perf_hooks';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { openStore } from '../../../src/store/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';

const [url, indexFile] = process.argv.slice(2) as [string, string];
const start = performance.now();
const store = await openStore(defaultConfig(), resolvePaths(), { url });
const opened = performance.now();
const model = await loadWorkspaceModel(store);
const modelled = performance.now();
const index = await openSearchIndex(store, { file: indexFile });
const end = performance.now();
global.gc?.();
process.stdout.write(
  JSON.stringify({
    openDbMs: opened - start,
    loadModelMs: modelled - opened,
    loadSearchMs: end - modelled,
    totalMs: end - start,
    documents: model.size,
    indexed: index.size,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  }) + '\n',
);
process.exit(0);
