import { spawn } from 'node:child_process';
import path from 'node:path';
import { SovereignError, _, createLogger, messageOf } from '../core/index.js';
import type { ConversionProgress } from '../vault/convert-to-vault.js';
import type { CliContext } from './context.js';
import { SessionVault } from './session-vault.js';

const log = createLogger('vault-conversion');

/** The hidden option of `sovereign` that starts the process converting this workspace (the passphrase comes on stdin). */
export const CONVERT_TO_VAULT_OPTION = '--convert-to-vault';
/** How long the window that asked may take to quit and let go of the database. */
const RELEASE_TIMEOUT_MS = 60_000;

function entryPoint(): string[] {
  const entry = process.argv[1];
  if (entry === undefined) throw new SovereignError('internal', _('Cannot tell which program to start for the conversion.'));
  return [path.resolve(entry)];
}

/**
 * The window's "Encrypt This Workspace…": this process cannot convert its
 * own workspace (the embedded engine keeps the database locked until the
 * process exits, and the vault gate's state is fixed at start), so it
 * starts a new `sovereign --convert-to-vault`, hands it the passphrase
 * through a pipe (never argv, env or a file), and quits. The new process
 * waits for this one to be gone before it touches the database.
 */
export function handOverConversion(ctx: CliContext, passphrase: string): void {
  const child = spawn(process.execPath, [...entryPoint(), CONVERT_TO_VAULT_OPTION], {
    detached: true,
    // Its messages go where this process's went (a terminal, the journal).
    stdio: ['pipe', 'inherit', 'inherit'],
    env: process.env,
  });
  child.stdin!.end(passphrase);
  child.unref();
  log.info('handed the workspace over for its conversion to a vault', { pid: child.pid });
  process.stderr.write(`sovereign: converting the workspace in process ${child.pid}\n`);
  void ctx.lifecycle.shutdown(0);
}

/**
 * Seals the workspace in a child `sovereign vault create` (the same domain
 * call as the command line): it opens the plain database, and only a
 * process that exits lets go of it, so this one can open the vault after.
 * Resolves with the recovery key; a failure leaves the plain workspace as
 * it was (convertToVault switches in one rename, last).
 */
export async function convertInChild(passphrase: string, onProgress: (progress: ConversionProgress) => void): Promise<string> {
  const child = spawn(process.execPath, [...entryPoint(), 'vault', 'create', '--passphrase-stdin', '--progress-lines', '--json'], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
  child.stdin.end(passphrase);
  let stdout = '';
  const messages: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const progress = progressOf(line);
      if (progress) onProgress(progress);
      else if (line.trim() !== '') messages.push(line);
    }
  });
  log.info('converting the workspace', { pid: child.pid });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  if (code !== 0) {
    const reason = messages.map((line) => line.replace(/^sovereign: (?:error: )?/, '')).join(' ').trim();
    throw new SovereignError('internal', reason || (signal ? _('The conversion was stopped before it finished.') : _('The conversion failed.')));
  }
  const key = (JSON.parse(stdout) as { recoveryKey?: unknown }).recoveryKey;
  if (typeof key !== 'string') throw new SovereignError('internal', _('The conversion did not report a recovery key.'));
  return key;
}

function progressOf(line: string): ConversionProgress | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as Partial<ConversionProgress>;
    return typeof value.done === 'number' && typeof value.total === 'number' && typeof value.step === 'string' ? (value as ConversionProgress) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `sovereign --convert-to-vault` before its window: a window of its own
 * shows the wait for the previous process, the conversion's steps, then the
 * recovery key; the vault is unlocked with the passphrase just set, so the
 * workspace window opens on the documents. A failure is shown there too,
 * and the plain workspace then opens as before.
 */
export async function convertBeforeOpening(ctx: CliContext, passphrase: string): Promise<void> {
  const [{ VaultConversionWindow }, { waitForDatabaseRelease }] = await Promise.all([import('../ui/vault-conversion-window.js'), import('../vault/database-release.js')]);
  const window = new VaultConversionWindow();
  try {
    let key: string;
    try {
      await waitForDatabaseRelease(ctx.paths.databaseDir, { timeoutMs: RELEASE_TIMEOUT_MS });
      window.sealing();
      key = await convertInChild(passphrase, (progress) => window.progress(progress));
    } catch (error) {
      log.error('the workspace was not converted', { error });
      await window.showFailure(messageOf(error));
      return;
    }
    // Made only now: the vault gate reads plain-or-vault once, when it opens.
    const vault = await SessionVault.open(ctx);
    // Should it fail, the window opens on its unlock dialog instead.
    await vault.unlock(passphrase).catch((error: unknown) => log.error('the new vault did not unlock with its passphrase', { error }));
    await window.showRecoveryKey(key);
  } finally {
    window.close();
  }
}
