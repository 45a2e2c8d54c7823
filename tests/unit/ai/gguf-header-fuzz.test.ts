import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FuzzJob, FuzzOutcome } from '../../support/gguf-fuzz-worker.js';
import { testModels } from '../../support/ai-server.js';

/**
 * Fuzzes the GGUF header check with a fixed seed: mutated headers of the
 * valid generated chat model (bit flips, hostile counts and type codes,
 * random bytes, truncation). Inspection must accept a file or reject it
 * with a clear SovereignError, never throw anything else, and never hang:
 * each file gets its own time bound, past which the worker is stopped and
 * the test names the file's index and mutation.
 */
const SEED = Number(process.env['SOVEREIGN_FUZZ_SEED'] ?? 0x6609);
const FILES = 600;
/** Inspection reads a header in milliseconds; this much for one file is a hang. */
const PER_FILE_LIMIT_MS = 5000;

const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-gguf-fuzz-'));
after(() => fs.rmSync(scratchDir, { recursive: true, force: true }));

test(`${FILES} mutated GGUF headers (seed ${SEED}) are each accepted or refused with a clear error, none hangs`, { timeout: 120_000 }, async (t) => {
  const job: FuzzJob = { seed: SEED, count: FILES, model: testModels().chat, scratchDir };
  const worker = new Worker(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'gguf-fuzz-worker.js'), { workerData: job });
  const outcomes: FuzzOutcome[] = [];
  await new Promise<void>((resolve, reject) => {
    let watchdog: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`seed ${SEED}: file ${outcomes.length} was still being inspected after ${PER_FILE_LIMIT_MS} ms`));
      }, PER_FILE_LIMIT_MS);
    };
    arm();
    worker.on('message', (outcome: FuzzOutcome) => {
      outcomes.push(outcome);
      if (outcomes.length === FILES) clearTimeout(watchdog);
      else arm();
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    worker.on('exit', () => {
      clearTimeout(watchdog);
      resolve();
    });
  });
  const crashed = outcomes.filter((o) => o.result === 'crashed');
  assert.deepEqual(crashed, [], 'every failure is a SovereignError that names the problem');
  assert.equal(outcomes.length, FILES);
  const accepted = outcomes.filter((o) => o.result === 'accepted').length;
  t.diagnostic(`${FILES} files: ${accepted} accepted, ${FILES - accepted} refused`);
  assert.ok(accepted > 0 && accepted < FILES, 'the mutations reach both outcomes');
});
