export * from './user-intent.js';
export * from './orchestrator-event.js';
export * from './assistant-context.js';
export { routeCommand, type RouteOptions } from './route-command.js';
export { cleanCommand, MAX_COMMAND_LENGTH } from './command-text.js';
export { builtInLexicons, parseLexicon, type Lexicon } from './lexicon.js';
export { intentToJson } from './intent-json.js';
export { Orchestrator, ASSISTANT_TOOL_CALL, type OrchestratorServices, type RunOptions, type RunResult, type RunStatus } from './orchestrator.js';
export { UndoStack, UNDO_DEPTH, UNDO_FILE_NAME, type UndoEntry } from './undo-stack.js';
