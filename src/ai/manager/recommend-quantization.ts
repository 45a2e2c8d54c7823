import { _, format } from '../../core/index.js';
import { estimateModelMemory, formatBytes } from '../registry/memory-watchdog.js';
import type { Hardware } from './hardware.js';

/**
 * Which quantisation of a model to download for this machine. Pure. Bigger
 * quantisations are better answers but need more memory and are slower on a
 * CPU; take the best one whose estimated memory (≈ 2× the file) fits in half
 * of the machine's RAM (the rest is for the desktop and the documents), and
 * prefer Q4_K_M on CPUs without AVX2, where anything larger is slow.
 */
export const QUANTIZATIONS = [
  { name: 'Q8_0', bitsPerWeight: 8.5 },
  { name: 'Q5_K_M', bitsPerWeight: 5.7 },
  { name: 'Q4_K_M', bitsPerWeight: 4.85 },
] as const;
export type QuantizationName = (typeof QUANTIZATIONS)[number]['name'];

export interface Recommendation {
  quantization: QuantizationName;
  parameters: number;
  fileBytes: number;
  memoryBytes: number;
  reason: string;
  fits: boolean;
}

export function recommendQuantization(hardware: Pick<Hardware, 'totalMemoryBytes' | 'cpuFeatures' | 'gpu'>, parameters = 3e9): Recommendation {
  const budget = hardware.totalMemoryBytes / 2;
  const candidates = QUANTIZATIONS.map((q) => {
    const fileBytes = Math.round((parameters * q.bitsPerWeight) / 8);
    return { ...q, fileBytes, memoryBytes: estimateModelMemory(fileBytes) };
  });
  const smallest = candidates[candidates.length - 1]!;
  const slowCpu = !hardware.cpuFeatures.includes('avx2') && !hardware.cpuFeatures.includes('neon') && !hardware.gpu.available;
  const pick = slowCpu ? smallest : (candidates.find((c) => c.memoryBytes <= budget) ?? smallest);
  const fits = pick.memoryBytes <= hardware.totalMemoryBytes * 0.8;
  const reason = slowCpu
    ? _('This CPU has no AVX2: the smallest good quantisation keeps answers fast enough.')
    : pick === smallest && pick.memoryBytes > budget
      ? format(_('Memory is tight: {need} needed of {total} RAM; Q4_K_M is the smallest recommended.'), { need: formatBytes(pick.memoryBytes), total: formatBytes(hardware.totalMemoryBytes) })
      : format(_('{name} needs about {need}, which fits in half of the {total} RAM.'), { name: pick.name, need: formatBytes(pick.memoryBytes), total: formatBytes(hardware.totalMemoryBytes) });
  return { quantization: pick.name, parameters, fileBytes: pick.fileBytes, memoryBytes: pick.memoryBytes, reason, fits };
}
