import type { DocumentRef, IntentChoice, UserIntent } from './user-intent.js';

/**
 * What the orchestrator tells whoever drives it (command bar, CLI, D-Bus)
 * about a command as it is handled. A discriminated union on `type`.
 */
export type OrchestratorEvent =
  | { type: 'DocumentOpened'; document: DocumentRef }
  | { type: 'SearchResults'; query: string; results: DocumentRef[] }
  /** A destructive action waits for confirmation; `summary` says what would happen. */
  | { type: 'ActionProposed'; intent: UserIntent; summary: string }
  | { type: 'ActionExecuted'; intent: UserIntent; summary: string; undoable: boolean }
  | { type: 'ActionUndone'; summary: string }
  | { type: 'ClarificationNeeded'; question: string; choices: IntentChoice[] }
  /** A question for the answer service: the window's chat panel answers it, streaming. */
  | { type: 'AnswerRequested'; question: string };
