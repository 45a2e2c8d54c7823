import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SovereignError, _, format } from '../../../core/index.js';
import type { DecodeFailureCause, DecodeReply, DecodeRequest } from './decode-protocol.js';
import { sharedDecoderProcess, type DecoderProcess, type DecodeSuccess } from './decoder-process.js';
import type { ImageMetadata } from './image-metadata.js';

/** The display rendition of an image: straight (not premultiplied) RGBA rows, 4 bytes a pixel. */
export interface DecodedImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  metadata: ImageMetadata;
}

export interface DecodeOptions {
  /** The name the person knows the image by (the document title); defaults to the file name. */
  name?: string;
  /**
   * The rendition's longest side. 4096 px is what a 4K screen shows at 1:1
   * and stays under GL's common 8192 px texture limit; a 50 MP photo would
   * otherwise be a 200 MB texture.
   */
  maxSide?: number;
}

export const DEFAULT_MAX_SIDE = 4096;

/** A rendition whose pixels were written to a file: rows as in DecodedImage, but premultiplied BGRA (Gdk.MemoryFormat.B8G8R8A8_PREMULTIPLIED, what GTK draws as it is). */
export interface DecodedImageFile {
  width: number;
  height: number;
  pixelsFile: string;
  metadata: ImageMetadata;
}

/**
 * Decodes an image (PNG, JPEG, WebP, GIF's first frame, SVG rasterised) in
 * a worker thread, so even a 50-megapixel photo never stalls the window.
 * A missing, truncated, corrupt or non-image file rejects with a
 * SovereignError that names the image and the cause.
 */
export async function decodeImage(file: string, options: DecodeOptions = {}): Promise<DecodedImage> {
  const reply = await runDecode({ file, maxSide: options.maxSide ?? DEFAULT_MAX_SIDE }, options.name ?? path.basename(file));
  return { width: reply.width, height: reply.height, pixels: new Uint8Array(reply.pixels!), metadata: reply.metadata };
}

/** decodeImage of an image held in memory (a vault's original, decrypted): `name` is what messages call it. */
export async function decodeImageBytes(bytes: Uint8Array, name: string, options: Pick<DecodeOptions, 'maxSide'> = {}): Promise<DecodedImage> {
  const reply = await runDecode({ file: name, bytes, maxSide: options.maxSide ?? DEFAULT_MAX_SIDE }, name);
  return { width: reply.width, height: reply.height, pixels: new Uint8Array(reply.pixels!), metadata: reply.metadata };
}

export interface FileDecodeOptions {
  /** Aborted when nobody waits for the picture any more (its panel closed). */
  signal?: AbortSignal;
  /** Which decoder process; the process's shared one by default. */
  decoder?: DecoderProcess;
  /** For a preview: the full rendition's side, decoded at once when the image is barely larger than the preview. */
  fullSide?: number;
}

/**
 * For a process that shows GTK: like decodeImage, but in the warm decoder
 * process (sharp's libvips brings its own GLib, which clashes with
 * node-gtk's in one process), and the pixels are written to `pixelsFile`
 * (best on a tmpfs: the runtime dir). The window maps that file instead of
 * taking a buffer: handing node-gtk a 45 MB array copies it byte by byte on
 * the main thread (~450 ms for a 4096 px rendition). An aborted `signal`
 * cancels the decode (the file is then not left behind).
 */
export async function decodeImageToFile(file: string, pixelsFile: string, options: DecodeOptions & FileDecodeOptions = {}): Promise<DecodedImageFile> {
  const name = options.name ?? path.basename(file);
  const decoder = options.decoder ?? sharedDecoderProcess();
  const request = { file, maxSide: options.maxSide ?? DEFAULT_MAX_SIDE, pixelsFile, ...(options.fullSide ? { fullSide: options.fullSide } : {}) };
  const reply = await decoder.decode(request, name, options.signal);
  if (!reply.ok) throw decodeError(name, file, reply.cause, reply.detail);
  return { width: reply.width, height: reply.height, pixelsFile, metadata: reply.metadata };
}

const WORKER_SCRIPT = new URL('./decode-worker.js', import.meta.url);

function runDecode(request: DecodeRequest, name: string): Promise<DecodeSuccess> {
  const file = request.file;
  return new Promise<DecodeSuccess>((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: request });
    let settled = false;
    worker.once('message', (reply: DecodeReply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve(reply);
      else reject(decodeError(name, file, reply.cause, reply.detail));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new SovereignError('internal', format(_('cannot open {name}: the image decoder failed ({cause})'), { name, cause: error.message }), { cause: error, detail: { file } }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new SovereignError('internal', format(_('cannot open {name}: the image decoder stopped (exit code {code})'), { name, code }), { detail: { file } }));
    });
  });
}

/** The error for a file the worker could not decode. */
export function decodeError(name: string, file: string, cause: DecodeFailureCause, detail: string): SovereignError {
  const options = { detail: { file, cause, decoder: detail } };
  switch (cause) {
    case 'missing':
      return new SovereignError('not-found', format(_('cannot open {name}: the image file {file} is missing'), { name, file }), options);
    case 'unsupported':
      return new SovereignError('invalid-input', format(_('cannot open {name}: it is not an image Sovereign can show (PNG, JPEG, WebP, GIF or SVG)'), { name }), options);
    case 'truncated':
      return new SovereignError('invalid-input', format(_('cannot open {name}: the image is truncated (the file ends before the picture does)'), { name }), options);
    case 'corrupt':
      return new SovereignError('invalid-input', format(_('cannot open {name}: the image is corrupt ({detail})'), { name, detail }), options);
  }
}
