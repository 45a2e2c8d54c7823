export type { Embedder } from './embedder.js';
export { SentenceEncoder } from './sentence-encoder.js';
export type { Passage } from './passage.js';
export { chunkMarkdown, type ChunkOptions } from './chunk-markdown.js';
export { fuseRanks, RRF_K } from './reciprocal-rank-fusion.js';
export { VectorIndex, type VectorHit, type VectorRow } from './vector-index.js';
export { SemanticIndex, type IndexProgress, type IndexStatus, type SemanticHit } from './semantic-index.js';
export { searchDocuments, type RetrievalHit, type RetrievalResult, type RetrievalSources, type SearchMode } from './hybrid-search.js';
