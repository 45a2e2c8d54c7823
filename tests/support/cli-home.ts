import { spawnSync } from 'node:child_process';
import path from 'node:path';
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
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
  };
  const sovereign = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CliRun => {
    const run = spawnSync(process.execPath, [cliEntry, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
  };
  return { home, env, sovereign };
}
