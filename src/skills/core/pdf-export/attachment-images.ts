import fs from 'node:fs';
import path from 'node:path';

export interface MappedImage {
  /** The virtual path in the typst world. */
  path: string;
  bytes: Uint8Array;
}

/** Larger images are left out (their alt text is shown): a PDF export must not read gigabytes. */
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

/**
 * Finds the images a PDF shows among the attachments under the data
 * directory and maps each to a virtual path for typst. Only files inside
 * the data directory are read: a note's `![](../../etc/passwd)` or a URL
 * is shown as its alt text, never fetched. Formats are sniffed from the
 * bytes (typst reads PNG, JPEG, GIF and SVG).
 */
export class AttachmentImages {
  private readonly byHref = new Map<string, string | null>();
  readonly files: MappedImage[] = [];

  constructor(private readonly dataDir: string) {}

  /** The virtual path of an image, or null when it is not a readable image inside the data directory. */
  lookup(href: string): string | null {
    const known = this.byHref.get(href);
    if (known !== undefined) return known;
    const mapped = this.map(href);
    this.byHref.set(href, mapped);
    return mapped;
  }

  private map(href: string): string | null {
    if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
    let relative: string;
    try {
      relative = decodeURI(href.split(/[?#]/)[0]!);
    } catch {
      return null;
    }
    const root = path.resolve(this.dataDir);
    const file = path.resolve(root, relative.replace(/^\/+/, ''));
    if (file !== root && !file.startsWith(root + path.sep)) return null;
    let bytes: Buffer;
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_IMAGE_BYTES) return null;
      bytes = fs.readFileSync(file);
    } catch {
      return null;
    }
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
