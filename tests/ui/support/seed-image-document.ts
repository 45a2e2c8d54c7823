// Child process: makes a workspace on disk with image documents, stored
// the way the importer stores them (the bytes at <dataDir>/attachments/<sha256>,
// the document's mediaRef pointing there), then exits (the embedded engine
// releases its lock only at process exit).
//   node seed-image-document.js <data-home> <image-file> <title> [<image-file> <title>]…
// Prints the new documents' ids, one a line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { saveCachesAndExit } from './seeded-caches.js';

const [dataHome, ...pairs] = process.argv.slice(2) as [string, ...string[]];
const paths = resolvePaths({ ...process.env, XDG_DATA_HOME: path.join(dataHome, 'data'), XDG_CACHE_HOME: path.join(dataHome, 'cache') });
fs.mkdirSync(path.join(paths.dataDir, 'attachments'), { recursive: true });
const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${paths.databaseDir}` });
for (let i = 0; i + 1 < pairs.length; i += 2) {
  const [imageFile, title] = [pairs[i]!, pairs[i + 1]!];
  const bytes = fs.readFileSync(imageFile);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(paths.dataDir, 'attachments', sha256), bytes);
  const document = await store.createDocument({ title, docType: 'image', content: title, isOwned: false, mediaRef: `attachments/${sha256}` });
  // One id a line, in order, for a caller that opens them by id (the image viewer benchmark).
  process.stdout.write(`${String(document.id)}\n`);
}
await saveCachesAndExit(store, paths.cacheDir);
