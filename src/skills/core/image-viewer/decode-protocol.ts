import type { ImageMetadata } from './image-metadata.js';

/** What the decoder is asked for one rendition of one image. */
export interface DecodeRequest {
  file: string;
  /** The rendition's longest side, in pixels. */
  maxSide: number;
  /** When set, the pixels are written to this file, premultiplied by alpha (for GTK), instead of posted back (see decodeImageToFile). */
  pixelsFile?: string;
  /** For a preview: the full rendition's longest side. An image no more than twice maxSide is decoded at that size at once. */
  fullSide?: number;
}

/** Why a file could not be decoded, as far as the worker could tell. */
export type DecodeFailureCause = 'missing' | 'unsupported' | 'truncated' | 'corrupt';

/** The worker's one answer. `pixels` is RGBA, 4 bytes a pixel, rows packed. */
export type DecodeReply =
  | { ok: true; width: number; height: number; pixels: ArrayBuffer | null; metadata: ImageMetadata }
  | { ok: false; cause: DecodeFailureCause; detail: string };

/** The warm decoder process's messages: a job in, `ready` once after start, then one answer per job. */
export interface DecodeJob {
  id: number;
  request: DecodeRequest;
}
export type DecoderMessage = { ready: true } | { id: number; reply: DecodeReply };

/** Sorts a libvips/sharp error message into what the person is told. */
export function decodeFailureCause(message: string): DecodeFailureCause {
  if (/unsupported image format|is not in a known format|bad seek|not a known file format/i.test(message)) return 'unsupported';
  if (/premature end|truncated|unexpected end|end of file|out of data|read error|short read/i.test(message)) return 'truncated';
  return 'corrupt';
}
