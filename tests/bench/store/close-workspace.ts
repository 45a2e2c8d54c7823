// Benchmark: how long closing a workspace session takes when both of its
// files are out of date (a document changed since they were loaded): the
// search index and the model snapshot are rewritten before the store closes,
// and all of it must fit well within the lifecycle's 2 s shutdown deadline.
//   node build/tests/ui/support/seed-workspace.js <home> big 50000
//   node build/tests/bench/store/close-workspace.js <home>
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Lifecycle, defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openWorkspaceSession } from '../../../src/cli/workspace-session.js';

const home = process.argv[2]!;
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache') });
const lifecycle = new Lifecycle(60_000, () => undefined);
const ctx = { config: defaultConfig(), paths, lifecycle, stdout: process.stdout, stderr: process.stderr };
let t = performance.now();
const session = await openWorkspaceSession(ctx);
const index = await session.search();
const openMs = performance.now() - t;
const dirtyBoth = async (title: string) => {
  await session.store.createDocument({ title, docType: 'markdown', content: 'dirty both files', isOwned: true });
  await index.whenIdle();
};
// The parts alone, then the whole close (every file out of date each time).
await dirtyBoth('Close benchmark 1');
t = performance.now();
await session.model.saveSnapshot();
const modelSaveMs = performance.now() - t;
t = performance.now();
await index.save();
const indexSaveMs = performance.now() - t;
await dirtyBoth('Close benchmark 2');
const documents = session.model.size;
t = performance.now();
await lifecycle.closeAll();
const closeMs = performance.now() - t;
const result = { documents, openMs: Math.round(openMs), modelSaveMs: Math.round(modelSaveMs), indexSaveMs: Math.round(indexSaveMs), closeMs: Math.round(closeMs) };
console.table([result]);
console.log(JSON.stringify(result));
process.exit(0);
