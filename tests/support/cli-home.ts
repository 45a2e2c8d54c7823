import { spawnSync } from 'node:child_process';
import { privateHomeEnv } from './private-home-env.js';
import { cliEntry } from './repo.js';
import { tempDir } from './store.js';

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * One private HOME (and XDG dirs) for a test file's `sovereign` commands, so
 * they share one workspace on disk and nothing of the user's leaks in.
 */
export function cliHome(): { home: string; env: NodeJS.ProcessEnv; sovereign: (args: readonly string[], extraEnv?: NodeJS.ProcessEnv) => CliRun } {
  const home = tempDir('sovereign-cli-');
  const env = privateHomeEnv(home);
  const sovereign = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CliRun => {
    // The limit only stops a hung command: a backup of a 48 MB file took over 30 s on a loaded 2-core machine.
    const run = spawnSync(process.execPath, [cliEntry, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
  };
  return { home, env, sovereign };
}
