import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SovereignError, _, format } from '../../core/index.js';

/** Bytes of memory the kernel says can be given to a new program without swapping. */
export function availableMemoryBytes(): number {
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.freemem();
}

/** A model needs about twice its file size in RAM (weights, context, compute buffers). */
export const MEMORY_PER_FILE_BYTE = 2;

export function estimateModelMemory(fileBytes: number): number {
  return fileBytes * MEMORY_PER_FILE_BYTE;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Refuses a load that would not fit in the memory free right now. */
export function assertModelFits(file: string, available: number = availableMemoryBytes()): void {
  const size = fs.statSync(file).size;
  const needed = estimateModelMemory(size);
  if (needed > available) {
    throw new SovereignError(
      'resource',
      format(_('Not enough free memory to load {name}: it needs about {needed}, and {available} is free.'), {
        name: path.basename(file),
        needed: formatBytes(needed),
        available: formatBytes(available),
      }),
      {
        hint: _("Close other programs, unload another model, or pick a smaller quantisation ('sovereign models recommend')."),
        detail: { neededBytes: needed, availableBytes: available },
      },
    );
  }
}
