import assert from 'node:assert/strict';
import { test } from 'node:test';
import koffi from 'koffi';
import { releaseFreedMemory } from '../../../src/ui/release-freed-memory.js';

const MiB = 2 ** 20;

test('memory that the start-up freed inside malloc leaves the process when the window shows its first frame', async () => {
  const libc = koffi.load('libc.so.6');
  const malloc = libc.func('void *malloc(size_t size)');
  const memset = libc.func('void *memset(void *s, int c, size_t n)');
  const free = libc.func('void free(void *ptr)');
  // 160 MiB in 4 KiB blocks, each written (so resident), the way a start-up's many small allocations are: below
  // malloc's mmap threshold they come from its arena, and free() keeps them there.
  const blocks: unknown[] = [];
  for (let i = 0; i < (160 * MiB) / 4096; i++) {
    const block = malloc(4096);
    memset(block, 1, 4096);
    blocks.push(block);
  }
  // The last block stays allocated: it pins the arena's top, so free() alone can give nothing back.
  const pinned = blocks.pop();
  for (const block of blocks) free(block);
  const freedButResident = process.memoryUsage.rss();

  await releaseFreedMemory();

  const released = freedButResident - process.memoryUsage.rss();
  assert.ok(released > 100 * MiB, `released ${(released / MiB).toFixed(0)} MiB of the 160 MiB freed`);
  free(pinned);
});
