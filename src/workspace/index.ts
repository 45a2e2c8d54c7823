export * from './workspace-model.js';
