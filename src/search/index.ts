export * from './search-index.js';
export { openSearchIndex } from './compact-search-index.js';
export { makeSnippet } from './snippet.js';
export { openSavedSearchIndex, type SavedSearchIndex } from './saved-search-index.js';
