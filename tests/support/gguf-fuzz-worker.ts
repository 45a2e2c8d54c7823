import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { inspectModel } from '../../src/ai/gguf/model-metadata.js';
import { readGgufHeader } from '../../src/ai/gguf/read-gguf.js';
import { isSovereignError } from '../../src/core/index.js';
import { FuzzRandom as SeededRandom } from './fuzz-random.js';

/**
 * The GGUF header fuzzer's worker: mutates the header of a valid model with
 * a seeded generator, writes each mutant to one scratch file and inspects
 * it, posting one message per file. It runs in a worker so the test can
 * kill it when one file takes too long (a hang) and name that file.
 */
export interface FuzzJob {
  seed: number;
  count: number;
  model: string;
  scratchDir: string;
}

export type FuzzOutcome = { index: number; mutation: string; result: 'accepted' | 'rejected' } | { index: number; mutation: string; result: 'crashed'; error: string };

const HOSTILE_U64 = [0n, 1n, 0xffn, 0xffffffffn, 0x100000000n, 2n ** 62n, 2n ** 63n - 1n, 2n ** 64n - 1n];
const HOSTILE_U32 = [0, 1, 7, 8, 9, 12, 13, 99, 0x7fffffff, 0xffffffff];

function mutate(rng: SeededRandom, base: Buffer, headerEnd: number): { file: Buffer; mutation: string } {
  const file = Buffer.from(base);
  const at = () => rng.int(headerEnd - 8);
  switch (rng.int(6)) {
    case 0: {
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips; i++) {
        const byte = rng.int(headerEnd);
        file[byte] = file[byte]! ^ (1 << rng.int(8));
      }
      return { file, mutation: `${flips} bit flips` };
    }
    case 1: {
      const offset = at();
      const value = rng.pick(HOSTILE_U64);
      file.writeBigUInt64LE(value, offset);
      return { file, mutation: `u64 ${value} at ${offset}` };
    }
    case 2: {
      const offset = at();
      const value = rng.pick(HOSTILE_U32);
      file.writeUInt32LE(value, offset);
      return { file, mutation: `u32 ${value} at ${offset}` };
    }
    case 3: {
      // The counts at the start of the header: tensors (8) and metadata entries (16).
      const offset = rng.pick([8, 16]);
      const value = rng.pick(HOSTILE_U64);
      file.writeBigUInt64LE(value, offset);
      return { file, mutation: `count ${value} at ${offset}` };
    }
    case 4: {
      const length = rng.int(base.length);
      return { file: file.subarray(0, length), mutation: `truncated to ${length} bytes` };
    }
    default: {
      const offset = at();
      const bytes = rng.bytes(1 + rng.int(32));
      bytes.copy(file, offset);
      return { file, mutation: `${bytes.length} random bytes at ${offset}` };
    }
  }
}

const job = workerData as FuzzJob;
const rng = new SeededRandom(job.seed);
const base = fs.readFileSync(job.model);
const headerEnd = readGgufHeader(job.model).dataOffset;
const scratch = path.join(job.scratchDir, 'mutant.gguf');
for (let index = 0; index < job.count; index++) {
  const { file, mutation } = mutate(rng, base, headerEnd);
  fs.writeFileSync(scratch, file);
  let outcome: FuzzOutcome;
  try {
    inspectModel(scratch);
    outcome = { index, mutation, result: 'accepted' };
  } catch (error) {
    outcome =
      isSovereignError(error, 'invalid-input') || isSovereignError(error, 'unsupported')
        ? { index, mutation, result: 'rejected' }
        : { index, mutation, result: 'crashed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(outcome);
}
