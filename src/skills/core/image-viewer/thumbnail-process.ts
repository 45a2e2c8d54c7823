// The child process that makes card thumbnails for a window (CardThumbnails
// starts it). sharp's libvips carries its own GLib, and two GObject type
// systems in one process answer every sharp call with g_object_ref
// CRITICALs or crash node-gtk: the window never loads sharp, it asks this
// process over IPC. One request at a time, in order; the process ends when
// its parent disconnects.
import { SovereignError } from '../../../core/index.js';
import type { ThumbnailReply, ThumbnailRequest } from './thumbnail-protocol.js';
import { ensureThumbnail } from './thumbnail-cache.js';

let queue = Promise.resolve();

process.on('message', (request: ThumbnailRequest) => {
  queue = queue.then(async () => {
    let reply: ThumbnailReply;
    try {
      reply = { id: request.id, ok: true, file: await ensureThumbnail(request.file, request.sha256, request.cacheDir, request.name) };
    } catch (error) {
      reply = { id: request.id, ok: false, message: (error as Error).message, kind: error instanceof SovereignError ? error.kind : 'internal' };
    }
    process.send?.(reply);
  });
});

process.on('disconnect', () => process.exit(0));
