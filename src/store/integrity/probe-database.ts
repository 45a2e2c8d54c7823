import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ErrorKind, SovereignConfig } from '../../core/index.js';

export type ProbeResult = { ok: true; documents: number; threads: number } | { ok: false; kind: ErrorKind; message: string };

const CHILD = fileURLToPath(new URL('./probe-database-child.js', import.meta.url));
const PROBE_TIMEOUT_MS = 120_000;

/**
 * Opens a database folder in a child process and reads every document.
 * Only ever given a copy: opening lets the engine rewrite its manifest and
 * logs, and a probe must change nothing the person still relies on.
 */
export function probeDatabase(dir: string, config: SovereignConfig['store']): Promise<ProbeResult> {
  return new Promise((resolve) => {
    // Only what an embedded open needs: a command line is readable by every local user, and config.store may hold a password.
    const settings: SovereignConfig['store'] = { ...config, url: '', username: '', password: '' };
    const child = spawn(process.execPath, [CHILD, dir, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'], timeout: PROBE_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ ok: false, kind: 'internal', message: error.message }));
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ProbeResult);
      } catch {
        // The engine can abort the process outright on some damage: that is a finding too.
        const why = signal ?? `exit ${code}`;
        resolve({ ok: false, kind: 'database', message: `${why}: ${stderr.trim().split('\n').slice(-3).join(' ')}`.trim() });
      }
    });
  });
}
