import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEntry } from './repo.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `sovereign` command (the compiled checkout, or the given launcher)
 * as a separate process with a private HOME and XDG dirs, so nothing of the
 * user's configuration leaks in or out.
 */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; command?: string } = {}): CliResult {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-cli-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      XDG_STATE_HOME: path.join(home, 'state'),
      LANG: 'C.UTF-8',
      ...options.env,
    };
    const [file, argv] = options.command ? [options.command, [...args]] : [process.execPath, [cliEntry, ...args]];
    const result = spawnSync(file, argv, { env, encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Runs `sovereign ARGS` with exactly `env`, without blocking this process's
 * loop (a test may serve or play something meanwhile); killed after
 * `limitMs`, which only stops a hung command.
 */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv, limitMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
