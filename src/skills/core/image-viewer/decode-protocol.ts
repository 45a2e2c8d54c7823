import type { ErrorKind } from '../../../core/index.js';
import type { ImageMetadata } from './image-metadata.js';

/** What the decoder is asked for one rendition of one image. */
export interface DecodeRequest {
  /** The image file; with `bytes`, only what messages name it by. */
  file: string;
  /** The image itself, when it has no plain file to read (a vault's original, decrypted in memory). */
  bytes?: Uint8Array;
  /** The rendition's longest side, in pixels. */
  maxSide: number;
  /** When set, the pixels are written to this file as premultiplied BGRA (GDK's default format, for GTK) instead of posted back (see decodeImageToFile). */
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

/** What the decoder is asked for a canvas card: make (or find) the cached thumbnail of one image. */
export interface ThumbnailRequest {
  file: string;
  sha256: string;
  cacheDir: string;
  /** The name the person knows the image by, for messages. */
  name: string;
}

/** The cached thumbnail's path, or why there is none. */
export type ThumbnailReply = { ok: true; file: string } | { ok: false; message: string; kind: ErrorKind };

/**
 * The warm decoder process's messages (decoder-process.ts): a job in (a
 * rendition for the viewer or a card's thumbnail), `ready` once after
 * start, then one answer per job, of the job's kind.
 */
export type DecodeJob = { id: number; request: DecodeRequest } | { id: number; thumbnail: ThumbnailRequest };
export type DecoderMessage = { ready: true } | { id: number; reply: DecodeReply } | { id: number; thumbnail: ThumbnailReply };

/** Sorts a libvips/sharp error message into what the person is told. */
export function decodeFailureCause(message: string): DecodeFailureCause {
  if (/unsupported image format|is not in a known format|bad seek|not a known file format/i.test(message)) return 'unsupported';
  if (/premature end|truncated|unexpected end|end of file|out of data|read error|short read/i.test(message)) return 'truncated';
  return 'corrupt';
}
