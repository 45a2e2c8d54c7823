export * from './workspace-model.js';
export { loadWorkspaceModel } from './memory-workspace-model.js';
