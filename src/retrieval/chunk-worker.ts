// The passage chunker's worker thread (passage-chunker.ts): chunks one
// document per message, in order, and answers with its passages.
import { parentPort } from 'node:worker_threads';
import { chunkMarkdown } from './chunk-markdown.js';
import type { ChunkReply, ChunkRequest } from './passage-chunker.js';

parentPort?.on('message', (request: ChunkRequest) => {
  let reply: ChunkReply;
  try {
    reply = { id: request.id, passages: chunkMarkdown(request.documentId, request.title, request.content) };
  } catch (error) {
    reply = { id: request.id, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
