import { execFile } from 'node:child_process';
import { SovereignError, _, format } from '../core/index.js';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/** The most output a converter may produce for one file: bounds memory per import. */
const MAX_TOOL_OUTPUT = 64 * 1024 * 1024;
/** Converters that take longer than this on one file are stuck (a crafted file), not slow. */
const TOOL_TIMEOUT_MS = 60_000;

/**
 * Runs a converter (pdftotext, pdfinfo, pandoc) on a file, with no shell,
 * a time limit, an output cap and the import's cancel signal. A tool that is
 * not installed is reported as such, naming the Debian package.
 */
export function runTool(program: string, args: readonly string[], options: { signal: AbortSignal; debianPackage: string }): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { signal: options.signal, timeout: TOOL_TIMEOUT_MS, maxBuffer: MAX_TOOL_OUTPUT, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(new SovereignError('unsupported', format(_('{program} is not installed.'), { program }), {
            hint: format(_('Install the {package} package.'), { package: options.debianPackage }),
          }));
        }
        if (options.signal.aborted) return reject(new SovereignError('cancelled', _('The import was cancelled.')));
        // The caller turns the tool's own words into a message about the file.
        const failure = new ToolFailure(program, stderr || error.message, (error as { killed?: boolean }).killed === true);
        reject(failure);
      },
    );
  });
}

export class ToolFailure extends Error {
  constructor(
    readonly program: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(`${program}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
}
