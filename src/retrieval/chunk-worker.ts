// The passage chunker's worker thread (passage-chunker.ts). Imports only
// what chunking needs: core/off-thread and chunk-markdown.
import { serveOffThread } from '../core/off-thread.js';
import { chunkMarkdown } from './chunk-markdown.js';
import type { ChunkInput } from './passage-chunker.js';

serveOffThread((input: ChunkInput) => chunkMarkdown(input.documentId, input.title, input.content));
