/**
 * Vault benchmark (issue 15, Measure): the unlock time with the shipped
 * Argon2id cost, and open, full-text search and document fetch of the same
 * generated workspace plain and as a vault, in the same run. Each store is
 * opened in a child process of its own (the embedded engine keeps its lock
 * until the process exits). Prints JSON, then a table.
 *
 *   node build/tests/bench/vault/vault-open.js [--docs N] [--keep DIR]
 *
 * --docs: documents (default 5000; the 50K run is --docs 50000).
 * --keep: generate the two workspaces in DIR and leave them there; a later
 * run with the same DIR and --docs measures them again without seeding
 * (minutes at 50K), so builds can be compared on the same data. Measuring
 * leaves the index file and the snapshot as generated.
 * A single workspace can be measured alone (e.g. under --cpu-prof):
 *   node build/tests/bench/vault/vault-open.js --child measure DIR/vault vault N
 *
 * "open" is what a session pays before the first search: the store, the
 * workspace model (from its snapshot) and the search index (from its
 * file), each saved by a first session; in a vault both files are sealed
 * with the data key and decrypted into memory at open.
 *
 * "20 new hits' text" is what showing a search's hits costs the first time
 * in a real workspace: the text of 20 documents spread over it, read from
 * the index file (in a vault, decrypted as reached). The searches above
 * repeat eight queries whose hits are the same few documents, so they
 * mostly reuse what was read before.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption, option } from '../bench-options.js';
import { defaultConfig, resolvePaths } from '../../../src/core/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { loadWorkspaceModel } from '../../../src/workspace/index.js';
import { PLAIN_FIELDS, openStore, sealedFields, type NewDocument } from '../../../src/store/index.js';
import { VAULT_KDF_COST, createVault, unlockVault } from '../../../src/vault/index.js';

const PASSPHRASE = 'bench passphrase here';
const WORDS = ['budget', 'river', 'garden', 'invoice', 'meeting', 'quarter', 'design', 'harbour', 'letter', 'summer', 'plan', 'report', 'orchard', 'ledger', 'signal', 'window'];
const QUERIES = ['budget', 'harbour letter', 'summer plan', 'orchard', 'invoice quarter', 'signal window', 'design', 'ledger river'];

function text(seed: number): string {
  const words: string[] = [];
  for (let i = 0; words.join(' ').length < 1000; i += 1) words.push(WORDS[(seed * 7 + i * 13 + (i >> 3)) % WORDS.length]!);
  return `# Note ${seed}\n\n${words.join(' ')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function child(role: string, dataDir: string, mode: string, docs: number): Promise<unknown> {
  const cipher = mode === 'vault' ? sealedFields(await unlockVault(dataDir, PASSPHRASE)) : PLAIN_FIELDS;
  const paths = resolvePaths({ HOME: dataDir });
  const began = performance.now();
  const store = await openStore(defaultConfig(), paths, { url: `rocksdb://${path.join(dataDir, 'database')}`, cipher });
  const storeMs = performance.now() - began;
  if (role === 'generate') {
    for (let start = 0; start < docs; start += 500) {
      const inputs: NewDocument[] = [];
      for (let i = start; i < Math.min(docs, start + 500); i += 1) inputs.push({ id: `d${i}`, title: `Note ${i} ${WORDS[i % WORDS.length]}`, docType: 'markdown', content: text(i) });
      await store.createDocuments(inputs);
    }
    // The index file and the model snapshot are saved here (sealed in a vault), as a first session would.
    const index = await openSearchIndex(store, { file: path.join(dataDir, 'search-index.bin') });
    await index.close();
    const model = await loadWorkspaceModel(store, { snapshotFile: path.join(dataDir, 'workspace-model.json') });
    await model.saveSnapshot();
    model.dispose();
    return {};
  }
  const modelBegan = performance.now();
  const model = await loadWorkspaceModel(store, { snapshotFile: path.join(dataDir, 'workspace-model.json') });
  const modelMs = performance.now() - modelBegan;
  const indexBegan = performance.now();
  const index = await openSearchIndex(store, { file: path.join(dataDir, 'search-index.bin') });
  const indexMs = performance.now() - indexBegan;
  const openMs = performance.now() - began;
  if (model.size !== docs) throw new Error(`the model holds ${model.size} documents, not ${docs}`);
  const searchMs: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    for (const query of QUERIES) {
      const t = performance.now();
      index.search(query, { limit: 20 });
      searchMs.push(performance.now() - t);
    }
  }
  // What a search shows the first time in a real workspace: hits spread over it, whose text was
  // never read (the searches above find the same few documents again and again). The text comes
  // from the index file, in a vault decrypted as it is reached.
  const firstViewMs: number[] = [];
  const spread = Math.max(1, Math.floor(docs / 200));
  for (let round = 0; round < 10; round += 1) {
    const t = performance.now();
    for (let hit = 0; hit < 20; hit += 1) {
      const k = round * 20 + hit;
      index.contentStart(`d${(k * spread + ((k * 37) % spread)) % docs}`, 200);
    }
    firstViewMs.push(performance.now() - t);
  }
  const fetchMs: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const t = performance.now();
    await store.getDocument(`d${(i * 7919) % docs}`);
    fetchMs.push(performance.now() - t);
  }
  return { storeMs, modelMs, indexMs, openMs, searchMs: median(searchMs), firstViewMs: median(firstViewMs), fetchMs: median(fetchMs) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, role, dataDir, mode, docs] = args as [string, string, string, string, string];
    process.stdout.write(JSON.stringify(await child(role, dataDir, mode, Number(docs))));
    process.exit(0);
  }
  const docs = numberOption('--docs', 5000);
  const keep = option('--keep');
  const root = keep === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-vault-bench-')) : path.resolve(keep);
  // Written once both workspaces are complete: a seeding cut short is redone, never measured.
  const seeded = path.join(root, `seeded-${docs}`);
  const self = fileURLToPath(import.meta.url);
  const run = (role: string, dataDir: string, mode: string) =>
    JSON.parse(execFileSync(process.execPath, [self, '--child', role, dataDir, mode, String(docs)], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Record<string, number>;
  try {
    const vaultDir = path.join(root, 'vault');
    const plainDir = path.join(root, 'plain');
    const reuse = fs.existsSync(seeded);
    if (!reuse) {
      fs.rmSync(vaultDir, { recursive: true, force: true });
      fs.rmSync(plainDir, { recursive: true, force: true });
      fs.mkdirSync(plainDir, { recursive: true });
      await createVault(vaultDir, PASSPHRASE);
    }
    const unlockMs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      await unlockVault(vaultDir, PASSPHRASE);
      unlockMs.push(performance.now() - t);
    }
    if (!reuse) {
      run('generate', plainDir, 'plain');
      run('generate', vaultDir, 'vault');
      fs.writeFileSync(seeded, '');
    }
    const plain = run('measure', plainDir, 'plain');
    const vault = run('measure', vaultDir, 'vault');
    const result = {
      docs,
      load: os.loadavg()[0] ?? 0,
      kdf: VAULT_KDF_COST,
      unlockMs: median(unlockMs),
      plain,
      vault,
      ratio: { open: vault['openMs']! / plain['openMs']!, search: vault['searchMs']! / plain['searchMs']!, firstView: vault['firstViewMs']! / plain['firstViewMs']!, fetch: vault['fetchMs']! / plain['fetchMs']! },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const row = (name: string, key: string, digits = 1) =>
      `${name.padEnd(22)}${plain[key]!.toFixed(digits).padStart(10)}${vault[key]!.toFixed(digits).padStart(10)}${(vault[key]! / plain[key]!).toFixed(2).padStart(8)}x`;
    process.stdout.write(
      [
        `unlock (Argon2id m=${VAULT_KDF_COST.memoryCost / 1024} MiB t=${VAULT_KDF_COST.timeCost}): ${result.unlockMs.toFixed(0)} ms (median of 5), load ${result.load.toFixed(1)}`,
        `${'ms'.padEnd(22)}${'plain'.padStart(10)}${'vault'.padStart(10)}${'ratio'.padStart(9)}`,
        row('store open', 'storeMs'),
        row('model (snapshot)', 'modelMs'),
        row('search index (file)', 'indexMs'),
        row('open, all of it', 'openMs'),
        row('full-text search', 'searchMs', 3),
        row('20 new hits\' text', 'firstViewMs', 3),
        row('document fetch', 'fetchMs', 3),
      ].join('\n') + '\n',
    );
  } finally {
    if (keep === undefined) fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
