import fs from 'node:fs/promises';
import { SovereignError, _, format } from '../../../core/index.js';
import { sharedDecoderProcess, type DecoderProcess } from './decoder-process.js';
import { imageFileOf } from './image-file.js';
import { thumbnailPath } from './thumbnail-cache.js';

/** What a card thumbnail is made from: an image document's title and media reference. */
export interface ThumbnailSource {
  title: string;
  mediaRef: string | null;
}

/**
 * The thumbnails of image documents' canvas cards, for a process that shows
 * GTK: read from the disk cache (<cacheDir>/thumbnails) when there, else
 * made by the warm decoder process that also decodes the images the viewer
 * opens (decoder-process.ts: sharp's libvips must stay out of the window's
 * process) and then read. Each image content is made once per session,
 * failures included, so a broken image is not retried on every workspace
 * change.
 */
export class CardThumbnails {
  private readonly byContent = new Map<string, Promise<Uint8Array>>();
  private disposed = false;

  /** `dataDir`: where attachments live; `cacheDir`: where the thumbnails folder is; `decoder`: the process's shared one by default. */
  constructor(
    private readonly dataDir: string,
    private readonly cacheDir: string,
    private readonly decoder: DecoderProcess = sharedDecoderProcess(),
  ) {}

  /**
   * The encoded thumbnail (WebP, at most 256 px a side) of an image
   * document. Rejects with a SovereignError naming the document when its
   * image is missing, not an image, truncated or corrupt.
   */
  thumbnailOf(document: ThumbnailSource): Promise<Uint8Array> {
    let image: { file: string; sha256: string };
    try {
      image = imageFileOf(document, this.dataDir);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    let made = this.byContent.get(image.sha256);
    if (!made) {
      made = this.load(image.file, image.sha256, document.title);
      this.byContent.set(image.sha256, made);
    }
    return made;
  }

  /**
   * No more thumbnails are asked for (the canvas closed). The decoder
   * process is shared with the image viewer: it stays, and stops with
   * Sovereign (or with its owner's stop()).
   */
  dispose(): void {
    this.disposed = true;
  }

  private async load(file: string, sha256: string, name: string): Promise<Uint8Array> {
    try {
      return await fs.readFile(thumbnailPath(this.cacheDir, sha256));
    } catch {
      // Not cached yet: made below.
    }
    if (this.disposed) throw new SovereignError('cancelled', format(_('the thumbnail of {name} is no longer wanted'), { name }));
    const reply = await this.decoder.thumbnail({ file, sha256, cacheDir: this.cacheDir, name });
    if (!reply.ok) throw new SovereignError(reply.kind, reply.message);
    return fs.readFile(reply.file);
  }
}
