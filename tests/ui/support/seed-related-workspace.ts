// Child process: fills a workspace on disk with a few short notes, two of
// which say the same thing in different words, for the hybrid search and
// Related notes UI test; then exits (the engine releases its lock at exit).
//   node seed-related-workspace.js <data-home>
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { saveCachesAndExit } from './seeded-caches.js';

/** Written for the test: the two fern notes are paraphrases; the query "looking after greenery" shares no word with either. */
const RELATED_NOTES = [
  { title: 'Houseplants', content: 'Water the fern twice a week and keep it out of direct sunlight.' },
  { title: 'Ferns at home', content: 'Indoor plants like ferns need regular watering and should be kept in the shade.' },
  { title: 'Tax return', content: 'Gather the receipts and payslips before filing the annual income declaration.' },
  { title: 'Bicycle repair', content: 'To fix a flat tyre, take the wheel off, find the puncture and patch the inner tube.' },
] as const;

const [dataHome] = process.argv.slice(2) as [string];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(dataHome, 'data'), XDG_CACHE_HOME: path.join(dataHome, 'cache') });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
const thread = await store.createThread({ name: 'Notes' });
for (const note of RELATED_NOTES) await store.createDocument({ ...note, docType: 'markdown', isOwned: true, threadId: thread.id });
await saveCachesAndExit(store, paths.cacheDir);
