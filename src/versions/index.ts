export * from './version-control.js';
export { StoreVersionControl } from './store-version-control.js';
export { diffTexts, formatLineDiff } from './text-diff.js';
export { mergeTexts, renderMerge, type TextMerge, type MergeSegment } from './text-merge.js';
