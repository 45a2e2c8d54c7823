import { _, format } from '../../core/index.js';
import { formatBytes } from '../registry/memory-watchdog.js';
import type { Hardware } from './hardware.js';
import type { ModelCatalog, SpeechCatalogEntry } from './model-catalog.js';

/** The speech model the window offers to download, and why that one. */
export interface SpeechModelOffer {
  entry: SpeechCatalogEntry;
  reason: string;
}

/**
 * The RAM each whisper size wants before it is offered: about 4× its memory
 * in use (tiny ~0.3 GB, base ~0.4 GB, small ~1 GB with whisper.cpp's compute
 * buffers), so the chat model, the desktop and the documents keep the rest.
 * small also wants AVX2: without it a 3 s command takes several seconds.
 */
const RAM_FOR_SIZE = { tiny: 0, base: 4 * 1024 ** 3, small: 8 * 1024 ** 3 } as const;
const ORDER = ['small', 'base', 'tiny'] as const;

/**
 * Which catalog speech model to offer on this machine. Pure. The largest
 * whisper size the RAM (and, for small, the CPU) allows, English-only when
 * the person speaks English (those are better at the same size).
 */
export function chooseSpeechModel(hardware: Pick<Hardware, 'totalMemoryBytes' | 'cpuFeatures'>, catalog: Pick<ModelCatalog, 'speech'>, language = 'en'): SpeechModelOffer | undefined {
  if (catalog.speech.length === 0) return undefined;
  const fast = hardware.cpuFeatures.includes('avx2') || hardware.cpuFeatures.includes('neon');
  const allowed = ORDER.filter((size) => hardware.totalMemoryBytes >= RAM_FOR_SIZE[size] && (size !== 'small' || fast));
  const english = language === 'en';
  const ranked = [...catalog.speech].sort((a, b) => ORDER.indexOf(a.size) - ORDER.indexOf(b.size) || Number(b.english === english) - Number(a.english === english));
  const entry = ranked.find((candidate) => allowed.includes(candidate.size)) ?? ranked[ranked.length - 1]!;
  const reason =
    entry.size === 'small' && !fast
      ? _('This CPU has no AVX2, and no smaller speech model is in the catalog.')
      : format(_('whisper {size} suits a computer with {total} of RAM.'), { size: entry.size, total: formatBytes(hardware.totalMemoryBytes) });
  return { entry, reason };
}
