export * from './records.js';
export * from './changes.js';
export * from './graph-store.js';
