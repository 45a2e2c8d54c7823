import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeError } from './image-decoder.js';
import { decodeFailureCause } from './decode-protocol.js';

/** The longest side of a canvas card's thumbnail: a full-detail card is ~240 px wide, 256 covers it at 1x. */
export const THUMBNAIL_SIDE = 256;

/** Where a thumbnail is cached: one WebP per image content, so equal images share one. */
export function thumbnailPath(cacheDir: string, sha256: string): string {
  return path.join(cacheDir, 'thumbnails', `${sha256}-${THUMBNAIL_SIDE}.webp`);
}

/**
 * Returns the cached thumbnail of an image, making it first if needed.
 * sharp works on libuv's thread pool, so this does not block the loop.
 * Written to a temporary name and renamed, so a crash never leaves half a
 * thumbnail that later reads as valid.
 */
export async function ensureThumbnail(file: string, sha256: string, cacheDir: string, name = path.basename(file)): Promise<string> {
  const target = thumbnailPath(cacheDir, sha256);
  try {
    await fs.access(target);
    return target;
  } catch {
    // Not cached yet.
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    // Loaded on first use, not with this module: the window's process imports the
    // skill's index, and sharp's libvips carries its own GLib (see decoder-process.ts).
    const { default: sharp } = await import('sharp');
    await sharp(file, { failOn: 'warning', pages: 1 })
      .rotate()
      .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(temporary);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    const detail = (error as Error).message;
    throw decodeError(name, file, /no such file|ENOENT/i.test(detail) ? 'missing' : decodeFailureCause(detail), detail);
  }
  await fs.rename(temporary, target);
  return target;
}
