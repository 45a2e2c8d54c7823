// Decodes images with sharp, off the main loop, and sends the display
// rendition (raw RGBA, or a file holding it) and the metadata back. sharp's
// own work runs on libuv's pool, but the copies of a 50 MP image's buffers
// and the EXIF parsing would still stall GTK's frame clock on the main thread.
// Runs as a one-shot worker thread (workerData in, parentPort out) or, for a
// process that has loaded GTK, as the long-lived decoder process
// (decoder-process.ts: jobs in and answers out over IPC, one at a time),
// which also makes the canvas cards' thumbnails: sharp's libvips carries
// its own GLib, and two GObject type systems in one process answer every
// sharp call with g_object_ref CRITICALs.
import fs from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { decodeFailureCause, type DecodeJob, type DecoderMessage, type DecodeReply, type DecodeRequest, type ThumbnailReply, type ThumbnailRequest } from './decode-protocol.js';
import { imageMetadataOf } from './image-metadata.js';
import { premultiplyRgba, rgbaToBgra } from './premultiply.js';

async function decode(request: DecodeRequest): Promise<DecodeReply> {
  let fileSize: number;
  try {
    fileSize = request.bytes ? request.bytes.byteLength : (await fs.stat(request.file)).size;
  } catch (error) {
    return { ok: false, cause: 'missing', detail: (error as Error).message };
  }
  const input = request.bytes ? Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength) : request.file;
  try {
    // failOn 'warning' (sharp's default, said out loud): metadata() succeeds on a truncated file,
    // only a full decode finds out, and a half-grey photo must not pass as the real thing.
    const header = await sharp(input, { failOn: 'warning' }).metadata();
    const metadata = imageMetadataOf(header, fileSize);
    // A preview not much smaller than the full rendition would only be decoded twice: decode the full one at once.
    const original = Math.max(header.width ?? 0, header.height ?? 0);
    const maxSide = request.fullSide && original <= 2 * request.maxSide ? Math.max(request.maxSide, Math.min(request.fullSide, original)) : request.maxSide;
    // resize() straight after load lets libvips shrink a JPEG while decoding it (DCT
    // scaling by 2, 4 or 8: fastShrinkOnLoad, sharp's default, said out loud), which
    // is what makes a screen-sized preview of a 50 MP photo cheap.
    const { data, info } = await sharp(input, { failOn: 'warning', pages: 1 })
      .rotate() // apply the EXIF orientation
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (request.pixelsFile) {
      if (header.hasAlpha) premultiplyRgba(data);
      rgbaToBgra(data);
      await fs.writeFile(request.pixelsFile, data, { mode: 0o600 });
      return { ok: true, width: info.width, height: info.height, pixels: null, metadata };
    }
    // A fresh ArrayBuffer of exactly the pixels, so it can be transferred instead of copied.
    const pixels = data.buffer.byteLength === data.byteLength && data.byteOffset === 0 ? data.buffer : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    return { ok: true, width: info.width, height: info.height, pixels: pixels as ArrayBuffer, metadata };
  } catch (error) {
    const detail = (error as Error).message;
    return { ok: false, cause: decodeFailureCause(detail), detail };
  }
}

async function thumbnail(request: ThumbnailRequest): Promise<ThumbnailReply> {
  // Loaded here, not with this module: a one-shot decode thread never makes thumbnails.
  const [{ ensureThumbnail }, { SovereignError }] = await Promise.all([import('./thumbnail-cache.js'), import('../../../core/errors.js')]);
  try {
    return { ok: true, file: await ensureThumbnail(request.file, request.sha256, request.cacheDir, request.name) };
  } catch (error) {
    return { ok: false, message: (error as Error).message, kind: error instanceof SovereignError ? error.kind : 'internal' };
  }
}

if (parentPort) {
  const reply = await decode(workerData as DecodeRequest);
  parentPort.postMessage(reply, reply.ok && reply.pixels ? [reply.pixels] : []);
} else if (process.send) {
  const send = (message: DecoderMessage) => process.send!(message);
  // The parent gone (quit or crash) means nobody waits for pixels any more.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (job: DecodeJob) => {
    if ('thumbnail' in job) void thumbnail(job.thumbnail).then((reply) => send({ id: job.id, thumbnail: reply }));
    else void decode(job.request).then((reply) => send({ id: job.id, reply }));
  });
  send({ ready: true });
}
