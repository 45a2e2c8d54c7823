export * from './workspace-model.js';
export { loadWorkspaceModel } from './memory-workspace-model.js';
export { createSampleWorkspace, type SampleWorkspace } from './sample-workspace.js';
