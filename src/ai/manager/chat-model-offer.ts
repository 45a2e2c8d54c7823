import { _, format } from '../../core/index.js';
import { formatBytes } from '../registry/memory-watchdog.js';
import type { Hardware } from './hardware.js';
import type { CatalogEntry, ModelCatalog } from './model-catalog.js';
import { recommendQuantization } from './recommend-quantization.js';

/** The chat model the window offers to download, and why that one. */
export interface ChatModelOffer {
  entry: CatalogEntry;
  /** The recommendation's reason, for the person to read before clicking Download. */
  reason: string;
  /** Whether it is expected to fit in this machine's memory at all. */
  fits: boolean;
}

/**
 * Which catalog chat model to offer on this machine. Pure. The quantisation
 * recommendQuantization picks for the machine's RAM and CPU, among the
 * catalog entries; when the catalog has no file in that quantisation, the
 * largest one that fits in half the RAM (the same budget), else the smallest.
 */
export function chooseChatModel(hardware: Pick<Hardware, 'totalMemoryBytes' | 'cpuFeatures' | 'gpu'>, catalog: Pick<ModelCatalog, 'chat'>): ChatModelOffer | undefined {
  if (catalog.chat.length === 0) return undefined;
  const bySize = [...catalog.chat].sort((a, b) => a.sizeBytes - b.sizeBytes);
  const parameters = bySize[0]!.parameters;
  const recommendation = recommendQuantization(hardware, parameters);
  const exact = bySize.find((entry) => entry.quantization.toUpperCase() === recommendation.quantization);
  if (exact) return { entry: exact, reason: recommendation.reason, fits: recommendation.fits };
  const budget = hardware.totalMemoryBytes / 2;
  const fitting = bySize.filter((entry) => entry.sizeBytes * 2 <= budget);
  const entry = fitting[fitting.length - 1] ?? bySize[0]!;
  return {
    entry,
    reason: format(_('{name} needs about {need}; this computer has {total} of RAM.'), { name: entry.quantization, need: formatBytes(entry.sizeBytes * 2), total: formatBytes(hardware.totalMemoryBytes) }),
    fits: entry.sizeBytes * 2 <= hardware.totalMemoryBytes * 0.8,
  };
}
