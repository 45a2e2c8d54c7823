import path from 'node:path';
import type { ErrorKind } from '../../../core/index.js';

/** The longest side of a canvas card's thumbnail: a full-detail card is ~240 px wide, 256 covers it at 1x. */
export const THUMBNAIL_SIDE = 256;

/** Where a thumbnail is cached: one WebP per image content, so equal images share one. */
export function thumbnailPath(cacheDir: string, sha256: string): string {
  return path.join(cacheDir, 'thumbnails', `${sha256}-${THUMBNAIL_SIDE}.webp`);
}

/** What CardThumbnails asks the thumbnail process: make (or find) the thumbnail of one image. */
export interface ThumbnailRequest {
  id: number;
  file: string;
  sha256: string;
  cacheDir: string;
  /** The name the person knows the image by, for messages. */
  name: string;
}

/** The process's answer: the cached thumbnail's path, or why there is none. */
export type ThumbnailReply = { id: number; ok: true; file: string } | { id: number; ok: false; message: string; kind: ErrorKind };
