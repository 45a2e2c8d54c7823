import { execFileSync } from 'node:child_process';

/** Runs a build tool and returns its stdout; on failure the error carries its output. */
export function tool(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    const tail = (text = '') => text.split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${failed.status}):\n${tail(failed.stdout)}\n${tail(failed.stderr)}`, {
      cause: error,
    });
  }
}
