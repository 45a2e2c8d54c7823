export * from './search-index.js';
export { openSearchIndex } from './minisearch-index.js';
export { makeSnippet } from './snippet.js';
