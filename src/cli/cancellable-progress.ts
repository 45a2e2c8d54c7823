import { _, format } from '../core/index.js';
import type { CliContext } from './context.js';

/** Redraws at most once per this many bytes read: a line per chunk is plenty. */
const STEP = 1024 * 1024;

/**
 * Runs a long read of a backup with Ctrl+C cancelling it (the work removes
 * what it half built) and, on a terminal, one progress line redrawn in place:
 * "Restoring… 45% (12 MiB of 27 MiB)".
 */
export async function withCancel<T>(
  ctx: CliContext,
  showProgress: boolean,
  label: string,
  work: (signal: AbortSignal, onProgress: (read: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const { describeSize } = await import('../backup/index.js');
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const tty = showProgress && (ctx.stderr as NodeJS.WriteStream).isTTY === true;
  let drawn = -STEP;
  const onProgress = (read: number, total: number) => {
    if (!tty || (read - drawn < STEP && read < total)) return;
    drawn = read;
    const percent = total > 0 ? Math.floor((read / total) * 100) : 100;
    ctx.stderr.write(`\r${format(_('{label} {percent}% ({read} of {total})'), { label, percent, read: describeSize(read), total: describeSize(total) })}\x1b[K`);
  };
  try {
    return await work(controller.signal, onProgress);
  } finally {
    process.off('SIGINT', onInterrupt);
    if (tty && drawn >= 0) ctx.stderr.write('\n');
  }
}
