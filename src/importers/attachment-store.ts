import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where originals live, relative to the data folder; mediaRef values start with it. */
export const ATTACHMENTS_FOLDER = 'attachments';

/**
 * Originals kept content-addressed: attachments/<sha256>. The same bytes are
 * stored once however often they are imported. A write goes to a temporary
 * name in the same folder, is flushed, then renamed: a crash leaves either
 * the whole file or none (a stray .tmp- file at worst, never a torn one).
 */
export class AttachmentStore {
  constructor(private readonly dataDir: string) {}

  /** The mediaRef for bytes with this hash. */
  static refOf(sha256: string): string {
    return `${ATTACHMENTS_FOLDER}/${sha256}`;
  }

  /** Absolute path of a mediaRef (what "Show Original" opens). */
  pathOf(mediaRef: string): string {
    const resolved = path.resolve(this.dataDir, mediaRef);
    if (!resolved.startsWith(path.join(this.dataDir, ATTACHMENTS_FOLDER) + path.sep)) throw new Error(`not an attachment: ${mediaRef}`);
    return resolved;
  }

  async put(bytes: Buffer, sha256: string): Promise<string> {
    const ref = AttachmentStore.refOf(sha256);
    const target = this.pathOf(ref);
    try {
      await fs.access(target);
      return ref;
    } catch {
      // Not there yet: write it.
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
    return ref;
  }
}
