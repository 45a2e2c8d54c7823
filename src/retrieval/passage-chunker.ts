import { OffThread } from '../core/off-thread.js';
import { chunkMarkdown } from './chunk-markdown.js';
import type { Passage } from './passage.js';

export interface ChunkInput {
  documentId: string;
  title: string;
  content: string;
}

/**
 * Up to this many characters a document is chunked where it is asked for
 * (a few milliseconds: less than the trip to the worker and back). A 1 MB
 * note took ~600 ms of marked's lexer on the main loop: the window froze
 * for that long after every autosave, when the semantic index caught up.
 */
const INLINE_CHARS = 32_000;

/**
 * Splits documents into passages for the semantic index (chunkMarkdown),
 * long ones in one worker thread shared by the process. If the worker
 * cannot do it, they are chunked where asked, as before.
 */
export class PassageChunker {
  private readonly worker = new OffThread<ChunkInput, Passage[]>(new URL('./chunk-worker.js', import.meta.url), 'chunking a document');

  async chunk(documentId: string, title: string, content: string): Promise<Passage[]> {
    if (content.length <= INLINE_CHARS) return chunkMarkdown(documentId, title, content);
    return (await this.worker.run({ documentId, title, content })) ?? chunkMarkdown(documentId, title, content);
  }
}

let shared: PassageChunker | undefined;

/** The process's one chunker (and worker thread). */
export function sharedPassageChunker(): PassageChunker {
  shared ??= new PassageChunker();
  return shared;
}
