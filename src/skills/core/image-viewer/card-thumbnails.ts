import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SovereignError, _, format } from '../../../core/index.js';
import { imageFileOf } from './image-file.js';
import { thumbnailPath, type ThumbnailReply, type ThumbnailRequest } from './thumbnail-protocol.js';

/** What a card thumbnail is made from: an image document's title and media reference. */
export interface ThumbnailSource {
  title: string;
  mediaRef: string | null;
}

/**
 * After this long without a request the thumbnail process is let go: the
 * thumbnails of a workspace are made in one burst when it opens (and one at
 * a time as images are imported), not continuously.
 */
const IDLE_EXIT_MS = 10_000;

const PROCESS_SCRIPT = fileURLToPath(new URL('./thumbnail-process.js', import.meta.url));

/**
 * The thumbnails of image documents' canvas cards, for a process that shows
 * GTK: read from the disk cache (<cacheDir>/thumbnails) when there, else
 * made by a child process (thumbnail-process.ts: sharp's libvips must stay
 * out of the window's process) and then read. Each image content is made
 * once per session, failures included, so a broken image is not retried on
 * every workspace change.
 */
export class CardThumbnails {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (file: string) => void; reject: (error: Error) => void; name: string }>();
  private readonly byContent = new Map<string, Promise<Uint8Array>>();
  private idleTimer: NodeJS.Timeout | undefined;
  private stderr = '';

  /**
   * `dataDir`: where attachments live; `cacheDir`: where the thumbnails
   * folder is. In a vault `reveal` decrypts an original into a folder of
   * its own in the private runtime folder (removed once its thumbnail is
   * made), and `cacheDir` must be in the runtime folder too: a thumbnail
   * shows the image, so it is never written in the clear to the disk cache.
   */
  constructor(
    private readonly dataDir: string,
    private readonly cacheDir: string,
    private readonly reveal?: (mediaRef: string, name: string) => Promise<string>,
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
      made = this.reveal ? this.loadRevealed(document.mediaRef!, image.sha256, document.title) : this.load(image.file, image.sha256, document.title);
      this.byContent.set(image.sha256, made);
    }
    return made;
  }

  /** Stops the thumbnail process; requests still waiting reject. */
  dispose(): void {
    clearTimeout(this.idleTimer);
    this.child?.kill();
    this.child = null;
  }

  private async load(file: string, sha256: string, name: string): Promise<Uint8Array> {
    try {
      return await fs.readFile(thumbnailPath(this.cacheDir, sha256));
    } catch {
      // Not cached yet: made below.
    }
    return fs.readFile(await this.make({ file, sha256, cacheDir: this.cacheDir, name }));
  }

  /** A vault's thumbnail: made from a decrypted copy in the runtime folder, which is removed as soon as the thumbnail is read. */
  private async loadRevealed(mediaRef: string, sha256: string, name: string): Promise<Uint8Array> {
    const file = await this.reveal!(mediaRef, name);
    try {
      return await this.load(file, sha256, name);
    } finally {
      // Never the attachments folder itself (a plain workspace's reveal is the original's own path).
      if (!file.startsWith(path.join(this.dataDir) + path.sep)) await fs.rm(path.dirname(file), { recursive: true, force: true });
    }
  }

  private make(request: Omit<ThumbnailRequest, 'id'>): Promise<string> {
    clearTimeout(this.idleTimer);
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, name: request.name });
      child.send({ ...request, id } satisfies ThumbnailRequest);
    }).finally(() => this.scheduleIdleExit());
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(PROCESS_SCRIPT, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (reply: ThumbnailReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.file);
      else waiter.reject(new SovereignError(reply.kind, reply.message));
    });
    const ended = (cause: string) => {
      if (this.child === child) this.child = null;
      for (const [id, waiter] of this.waiting) {
        this.waiting.delete(id);
        waiter.reject(new SovereignError('internal', format(_('cannot make a thumbnail of {name}: the thumbnail maker stopped ({cause})'), { name: waiter.name, cause }), { detail: { stderr: this.stderr } }));
      }
    };
    child.once('error', (error) => ended(error.message));
    child.once('exit', (code, signal) => ended(signal ?? `exit code ${code ?? 'none'}`));
    return child;
  }

  private scheduleIdleExit(): void {
    if (this.waiting.size > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      // Disconnecting ends it (thumbnail-process.ts exits on disconnect) once its last reply is out.
      if (this.waiting.size === 0 && this.child?.connected) this.child.disconnect();
    }, IDLE_EXIT_MS);
    this.idleTimer.unref();
  }
}
