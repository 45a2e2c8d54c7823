/**
 * Backup benchmark (issue 15: backup and restore of a 50K-document workspace,
 * goal <= 30 s each, and backup size vs raw data size). Generates a
 * workspace of N documents (about 1 KB of text each, one link per ten) in a
 * rocksdb store on disk, times `createBackup` (Argon2id included),
 * `verifyBackup` and `restoreBackup` into a fresh data folder, and prints
 * JSON. Each step also reports the CPU it used (the engine's threads
 * included): on this shared 2-core machine the wall time mostly measures
 * the load, the CPU time what the step costs.
 *
 *   node build/tests/bench/vault/backup.js [--docs N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackup, restoreBackup, verifyBackup } from '../../../src/backup/index.js';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';
import { seedBulk } from '../../support/backup-workspace.js';

const args = process.argv.slice(2);
const docsIndex = args.indexOf('--docs');
const DOCS = docsIndex >= 0 ? Number(args[docsIndex + 1]) : 50_000;

/** Wall and CPU milliseconds of one step (process-wide CPU: the engine's threads count). */
async function timed<T>(step: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await step();
  const cpu = process.cpuUsage(cpuStart);
  return { result, ms: Math.round(performance.now() - start), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-backup-bench-'));
  try {
    const sourceData = path.join(root, 'source');
    const config = defaultConfig();
    const store = await openStore(config, resolvePaths({ HOME: root }), { url: `rocksdb://${path.join(sourceData, 'database')}` });
    const generateStart = performance.now();
    const contentBytes = await seedBulk(store, DOCS);
    const generateMs = performance.now() - generateStart;

    const backup = await timed(() => createBackup(store, { dataDir: sourceData, toDir: path.join(root, 'backups'), passphrase: 'bench passphrase' }));
    const created = backup.result;
    const databaseFolderBytes = folderBytes(path.join(sourceData, 'database'));
    await store.close();

    const target = path.join(root, 'target');
    const verify = await timed(() => verifyBackup(created.file, 'bench passphrase', { scratchDir: path.join(root, 'scratch'), store: config.store }));
    const restore = await timed(() =>
      restoreBackup(created.file, {
        dataDir: target,
        databaseDir: path.join(target, 'database'),
        store: config.store,
        passphrase: 'bench passphrase',
      }),
    );
    const restored = restore.result;

    const result = {
      documents: DOCS,
      restoredDocuments: restored.documents,
      generateMs: Math.round(generateMs),
      backupMs: backup.ms,
      backupCpuMs: backup.cpuMs,
      verifyMs: verify.ms,
      verifyCpuMs: verify.cpuMs,
      verifiedDocuments: verify.result.documents,
      restoreMs: restore.ms,
      restoreCpuMs: restore.cpuMs,
      contentBytes,
      databaseFolderBytes,
      backupBytes: created.bytes,
      backupToContent: Number((created.bytes / contentBytes).toFixed(2)),
      backupToDatabaseFolder: Number((created.bytes / databaseFolderBytes).toFixed(2)),
      loadAverage: Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    if (verify.result.documents !== DOCS) throw new Error(`verify counted ${verify.result.documents} of ${DOCS} documents`);
    if (restored.documents !== DOCS) throw new Error(`restored ${restored.documents} of ${DOCS} documents`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
