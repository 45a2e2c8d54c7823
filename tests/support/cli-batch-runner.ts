import fs from 'node:fs';
import { Writable } from 'node:stream';
import { initI18n, localeDirs } from '../../src/core/index.js';
import { createCliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/program.js';

/**
 * Runs many `sovereign` command lines in one process: the compiled CLI's
 * own runCli, one after another, each with a fresh context and its output
 * captured. Node's start-up and module loading cost about 0.4 s of CPU per
 * process, which made 150 separate processes take minutes on a loaded
 * 2-core machine; the fuzz test runs most of its inputs through this and a
 * sample through the real entry point.
 *
 * Usage: node cli-batch-runner.js IN.json OUT.json, IN holding string[][].
 * OUT gets one { status, stdout, stderr, hung } per command line. A command
 * line that does not finish within the deadline ends the batch (its state
 * cannot be trusted) with hung: true for it.
 */
export interface BatchOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
  hung: boolean;
}

const DEADLINE_MS = 20_000;

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function runOne(argv: string[]): Promise<BatchOutcome> {
  const stdout = capture();
  const stderr = capture();
  const output = { stdout: stdout.stream, stderr: stderr.stream };
  let context: ReturnType<typeof createCliContext> | undefined;
  process.exitCode = undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), DEADLINE_MS)));
  const status = await Promise.race([runCli(argv, () => (context ??= createCliContext(process.env, output)), output), deadline]);
  clearTimeout(timer);
  if (status === 'hung') return { status: null, stdout: stdout.text(), stderr: stderr.text(), hung: true };
  // A command may also set process.exitCode (a failed verify, a merge with conflicts), as main.ts honours.
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
  return { status: exitCode || status, stdout: stdout.text(), stderr: stderr.text(), hung: false };
}

initI18n(localeDirs());
const [input, output] = process.argv.slice(2);
const argLists = JSON.parse(fs.readFileSync(input!, 'utf8')) as string[][];
const outcomes: BatchOutcome[] = [];
for (const argv of argLists) {
  const outcome = await runOne(argv);
  outcomes.push(outcome);
  if (outcome.hung) break;
}
fs.writeFileSync(output!, JSON.stringify(outcomes));
process.exitCode = 0;
// The embedded engine keeps a thread alive after its stores close (see src/cli/main.ts).
process.exit();
