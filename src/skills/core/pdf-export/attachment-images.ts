import fs from 'node:fs';
import path from 'node:path';
import type { OriginalReader } from '../../../importers/original-reader.js';

export interface MappedImage {
  /** The virtual path in the typst world. */
  path: string;
  bytes: Uint8Array;
}

/** Larger images are left out (their alt text is shown): a PDF export must not read gigabytes. */
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
/** An original as the importer stores it: read through the one way to read originals, decrypted in a vault. */
const ORIGINAL_REF = /^attachments\/[0-9a-f]{64}$/;

/**
 * Finds the images a PDF shows among the attachments under the data
 * directory and maps each to a virtual path for typst. Only files inside
 * the data directory are read: a note's `![](../../etc/passwd)` or a URL
 * is shown as its alt text, never fetched. Formats are sniffed from the
 * bytes (typst reads PNG, JPEG, GIF and SVG).
 *
 * Originals (`attachments/<sha256>`) are read through `originals`, the
 * import service, which decrypts them in a vault, where no plain file
 * exists: that read is asynchronous and lookup() is not (the markdown
 * converter calls it), so they are loaded first (load()).
 */
export class AttachmentImages {
  private readonly byHref = new Map<string, string | null>();
  readonly files: MappedImage[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly originals: OriginalReader | null = null,
  ) {}

  /** Reads the originals among these hrefs, so lookup() finds them. */
  async load(hrefs: Iterable<string>): Promise<void> {
    if (!this.originals) return;
    for (const href of hrefs) {
      const ref = this.originalRef(href);
      if (ref === null || this.byHref.has(href)) continue;
      let bytes: Buffer;
      try {
        bytes = await this.originals.readOriginal(ref);
      } catch (error) {
        // Missing: shown as its alt text, as a missing file always was. A forged or damaged original stays loud.
        if ((error as { kind?: unknown }).kind === 'not-found') {
          this.byHref.set(href, null);
          continue;
        }
        throw error;
      }
      this.byHref.set(href, bytes.length > MAX_IMAGE_BYTES ? null : this.mapped(bytes));
    }
  }

  /** The virtual path of an image, or null when it is not a readable image inside the data directory. */
  lookup(href: string): string | null {
    const known = this.byHref.get(href);
    if (known !== undefined) return known;
    // An original that was not loaded is not read behind the import service's back.
    const mapped = this.originals && this.originalRef(href) !== null ? null : this.map(href);
    this.byHref.set(href, mapped);
    return mapped;
  }

  /** The file an href names inside the data directory, or null for a URL or a path outside it. */
  private fileOf(href: string): string | null {
    if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
    let relative: string;
    try {
      relative = decodeURI(href.split(/[?#]/)[0]!);
    } catch {
      return null;
    }
    const root = path.resolve(this.dataDir);
    const file = path.resolve(root, relative.replace(/^\/+/, ''));
    return file !== root && file.startsWith(root + path.sep) ? file : null;
  }

  /** The mediaRef an href names when it is an original, else null. */
  private originalRef(href: string): string | null {
    const file = this.fileOf(href);
    const relative = file === null ? null : path.relative(path.resolve(this.dataDir), file).split(path.sep).join('/');
    return relative !== null && ORIGINAL_REF.test(relative) ? relative : null;
  }

  private map(href: string): string | null {
    const file = this.fileOf(href);
    if (file === null) return null;
    let bytes: Buffer;
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_IMAGE_BYTES) return null;
      bytes = fs.readFileSync(file);
    } catch {
      return null;
    }
    return this.mapped(bytes);
  }

  private mapped(bytes: Buffer): string | null {
    const extension = imageExtension(bytes);
    if (extension === null) return null;
    const virtual = `/images/${this.files.length}.${extension}`;
    this.files.push({ path: virtual, bytes });
    return virtual;
  }
}

export function imageExtension(bytes: Uint8Array): 'png' | 'jpg' | 'gif' | 'svg' | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 4)) === 'GIF8') return 'gif';
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
  return null;
}
