/**
 * Backup round trip, record for record (issue 15: "backup and restore
 * round-trip a 50K-document workspace exactly"). Seeds N generated notes in
 * a private HOME, runs `sovereign backup create` there and `sovereign backup
 * restore` into a second, empty HOME, then compares the two workspaces by
 * the sha256 of every record (documents, branches, commits, relationships,
 * threads, conversations, the event log, attachment hashes: the dump that
 * tests/integration/backup compares on a small workspace). Each step runs in
 * a process of its own, as a user would run it: the embedded engine keeps
 * its lock until its process exits. Prints the steps' times, a table and,
 * last, one JSON line; exits 1 when the two differ.
 *
 *   node build/tests/bench/vault/backup-round-trip.js [--docs N]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateHomeEnv } from '../../support/private-home-env.js';
import { cliEntry } from '../../support/repo.js';

const args = process.argv.slice(2);
const docsIndex = args.indexOf('--docs');
const DOCS = docsIndex >= 0 ? Number(args[docsIndex + 1]) : 50_000;
const PASSPHRASE = 'round trip passphrase';
const workspaceHelper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'backup-workspace.js');

interface Digest { sha256: string; documents: number; commits: number; relationships: number; events: number; attachments: number }

function homeIn(root: string, name: string): { env: NodeJS.ProcessEnv; dataDir: string } {
  const home = path.join(root, name);
  return { env: privateHomeEnv(home), dataDir: path.join(home, 'data', 'sovereign') };
}

/** Runs `node SCRIPT ARGS` to the end; returns its stdout and wall time, or throws with its stderr. */
function step(name: string, script: string, stepArgs: readonly string[], env: NodeJS.ProcessEnv): { stdout: string; ms: number } {
  const start = performance.now();
  const run = spawnSync(process.execPath, [script, ...stepArgs], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Math.round(performance.now() - start);
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
  return { stdout: run.stdout, ms };
}

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-backup-round-trip-'));
  try {
    const source = homeIn(root, 'source');
    const target = homeIn(root, 'target');
    const passphraseFile = path.join(root, 'passphrase');
    fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
    const seeded = step('seed', workspaceHelper, ['seed-bulk', source.dataDir, String(DOCS)], source.env);
    const created = step('backup create', cliEntry, ['backup', 'create', '--to', path.join(root, 'backups'), '--passphrase-file', passphraseFile, '--json'], source.env);
    const file = (JSON.parse(created.stdout) as { file: string }).file;
    const restored = step('backup restore', cliEntry, ['backup', 'restore', file, '--passphrase-file', passphraseFile, '--json'], target.env);
    const before = step('digest of the original', workspaceHelper, ['digest', source.dataDir], source.env);
    const after = step('digest of the restored copy', workspaceHelper, ['digest', target.dataDir], target.env);
    const original = JSON.parse(before.stdout) as Digest;
    const copy = JSON.parse(after.stdout) as Digest;
    const identical = JSON.stringify(original) === JSON.stringify(copy);
    const rows: Array<[string, string]> = [
      ['seed', `${seeded.ms} ms`],
      ['backup create (CLI process)', `${created.ms} ms`],
      ['backup restore (CLI process)', `${restored.ms} ms`],
      ['documents / commits / relationships / events', `${copy.documents} / ${copy.commits} / ${copy.relationships} / ${copy.events}`],
      ['original sha256', original.sha256],
      ['restored sha256', copy.sha256],
      ['identical', identical ? 'yes' : 'NO'],
    ];
    for (const [label, value] of rows) process.stdout.write(`${label.padEnd(48)} ${value}\n`);
    const loadAverage = Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    process.stdout.write(`${JSON.stringify({ documents: DOCS, seedMs: seeded.ms, backupMs: created.ms, restoreMs: restored.ms, original, restored: copy, identical, loadAverage })}\n`);
    if (original.documents !== DOCS) throw new Error(`the original holds ${original.documents} of ${DOCS} documents`);
    if (!identical) process.exitCode = 1;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
