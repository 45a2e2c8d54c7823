import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SovereignError, _, format } from '../core/index.js';
import { SealedFileError, type FileCipher } from '../core/crypto/index.js';

/** Where originals live, relative to the data folder; mediaRef values start with it. */
export const ATTACHMENTS_FOLDER = 'attachments';

/**
 * Originals kept content-addressed: attachments/<sha256>. The same bytes are
 * stored once however often they are imported. A write goes to a temporary
 * name in the same folder, is flushed, then renamed: a crash leaves either
 * the whole file or none (a stray .tmp- file at worst, never a torn one).
 *
 * In a vault (`files` set) the file is sealed with the data key, streamed
 * in chunks, its reference as additional data, under a name that is an
 * HMAC of the reference: neither its bytes nor its name say what it holds.
 * Readers then get the bytes decrypted into memory (read) or into a private
 * runtime folder (reveal), never beside the sealed file.
 */
export class AttachmentStore {
  constructor(
    private readonly dataDir: string,
    private readonly files: FileCipher | null = null,
    /** Where reveal() decrypts originals in a vault: under $XDG_RUNTIME_DIR, mode 0700, removed at lock or exit. */
    private readonly revealDir: string | null = null,
  ) {}

  /** The mediaRef for bytes with this hash. */
  static refOf(sha256: string): string {
    return `${ATTACHMENTS_FOLDER}/${sha256}`;
  }

  /** Absolute path of a mediaRef as named (the plain file's place). */
  pathOf(mediaRef: string): string {
    const resolved = path.resolve(this.dataDir, mediaRef);
    if (!resolved.startsWith(path.join(this.dataDir, ATTACHMENTS_FOLDER) + path.sep)) throw new Error(`not an attachment: ${mediaRef}`);
    return resolved;
  }

  /** Where the bytes of a mediaRef are on disk: the plain path, or the sealed file's keyed name in a vault. */
  storedPathOf(mediaRef: string): string {
    const plain = this.pathOf(mediaRef);
    return this.files ? path.join(path.dirname(plain), this.files.nameOf(mediaRef)) : plain;
  }

  async put(bytes: Buffer, sha256: string): Promise<string> {
    const ref = AttachmentStore.refOf(sha256);
    await this.write(ref, () => Readable.from([bytes]));
    return ref;
  }

  /**
   * Stores the original at `plainFile` under `mediaRef`, streamed (sealed
   * in a vault): how converting a workspace to a vault seals its originals.
   */
  async putFile(mediaRef: string, plainFile: string): Promise<void> {
    await this.write(mediaRef, () => createReadStream(plainFile));
  }

  private async write(ref: string, source: () => Readable): Promise<void> {
    const target = this.storedPathOf(ref);
    if (await exists(target)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      const out = createWriteStream('', { fd: handle.fd, autoClose: false });
      if (this.files) await pipeline(source(), (input: AsyncIterable<Buffer>) => this.files!.seal(input, ref), out);
      else await pipeline(source(), out);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await fs.rename(temporary, target);
  }

  /** The plaintext of an original, streamed (decrypted in a vault). */
  async *stream(mediaRef: string): AsyncGenerator<Buffer> {
    const file = this.storedPathOf(mediaRef);
    const source = createReadStream(file);
    try {
      if (!this.files) {
        for await (const piece of source) yield piece as Buffer;
        return;
      }
      yield* this.files.open(source, mediaRef);
    } catch (error) {
      throw this.failed(mediaRef, error);
    } finally {
      source.destroy();
    }
  }

  /** The whole original in memory (thumbnails, the image viewer's decoder). */
  async read(mediaRef: string): Promise<Buffer> {
    const pieces: Buffer[] = [];
    for await (const piece of this.stream(mediaRef)) pieces.push(piece);
    return Buffer.concat(pieces);
  }

  /**
   * A path another program can open the original at ("Show Original"): the
   * file itself in a plain workspace; in a vault, a decrypted copy in the
   * private runtime folder, named `name` so the desktop picks its app.
   */
  async reveal(mediaRef: string, name: string): Promise<string> {
    if (!this.files) return this.pathOf(mediaRef);
    if (!this.revealDir) throw new Error('a vault\'s attachment store needs a runtime folder to reveal originals in');
    await fs.mkdir(this.revealDir, { recursive: true, mode: 0o700 });
    await fs.chmod(this.revealDir, 0o700);
    const folder = await fs.mkdtemp(path.join(this.revealDir, 'original-'));
    const target = path.join(folder, safeFileName(name));
    await pipeline(Readable.from(this.stream(mediaRef)), createWriteStream(target, { mode: 0o600 }));
    return target;
  }

  private failed(mediaRef: string, error: unknown): Error {
    if (error instanceof SealedFileError) {
      return new SovereignError('database', format(_('The original {ref} did not open: {cause}; it was changed on disk or copied from elsewhere.'), { ref: mediaRef, cause: error.message }), {
        hint: _('Nothing was read from it. Restore the workspace from a backup.'),
      });
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new SovereignError('not-found', format(_('The original {ref} is missing from the data folder.'), { ref: mediaRef }));
    }
    return error as Error;
  }
}

/** A file name from a document title: no folder separators, no leading dot, not empty. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[/\\\0]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || 'original';
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
