import { EXPORT_FORMATS, type ExportFormat } from '../exporters/export-format.js';
/**
 * What the router makes of a typed (or spoken) command: the kind of intent,
 * the one action it maps to, how sure the router is, and the workspace
 * entities it resolved. Plain data, so the CLI prints it as JSON, D-Bus
 * sends it as a string and the command bar renders it.
 */
export const INTENTS = ['navigation', 'edit_command', 'search', 'question', 'voice_dictation', 'skill_invoke', 'clarification'] as const;
export type Intent = (typeof INTENTS)[number];

export const ACTIONS = [
  'open_document',
  'show_thread',
  'show_time',
  'create_document',
  'rename_document',
  'move_document',
  'link_documents',
  'delete_document',
  'undo',
  'search',
  'export',
  'import',
  'ask',
  'dictate',
  'clarify',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The intent each action belongs to (clarify is the router's question back). */
export const INTENT_OF_ACTION: Readonly<Record<Action, Intent>> = {
  open_document: 'navigation',
  show_thread: 'navigation',
  show_time: 'navigation',
  create_document: 'edit_command',
  rename_document: 'edit_command',
  move_document: 'edit_command',
  link_documents: 'edit_command',
  delete_document: 'edit_command',
  undo: 'edit_command',
  export: 'edit_command',
  import: 'edit_command',
  search: 'search',
  ask: 'question',
  dictate: 'voice_dictation',
  clarify: 'clarification',
};

export interface DocumentRef {
  id: string;
  title: string;
}

export interface ThreadRef {
  id: string;
  name: string;
}

// The router recognises exactly the formats the export service writes.
export { EXPORT_FORMATS, type ExportFormat };

export interface IntentEntities {
  /** The document acted on (resolved against the workspace, never taken from the text as an id). */
  document?: DocumentRef;
  /** The second document of link_documents. */
  target?: DocumentRef;
  thread?: ThreadRef;
  /** A new title (create, rename). */
  title?: string;
  query?: string;
  format?: ExportFormat;
  /** Inclusive start and exclusive end of a time range. */
  from?: Date;
  to?: Date;
  path?: string;
  /** Text to put into a dictated note ("take a note: …"). */
  text?: string;
}

/** One of the answers a clarification offers. */
export interface IntentChoice {
  id: string;
  title: string;
}

export interface UserIntent {
  intent: Intent;
  action: Action;
  /** 0..1; below CONFIDENCE_TO_ACT the router asks instead (intent 'clarification'). */
  confidence: number;
  entities: IntentEntities;
  /** Set on clarifications: the candidates to choose from (may be empty: nothing matched). */
  choices?: IntentChoice[];
  /** What the router asks or tells, for clarifications (translated). */
  question?: string;
  /** For clarifications: the action a choice would complete ("open_document" for "open tile…"). */
  pending?: Action;
}

/** The router acts only at or above this confidence; below it asks. */
export const CONFIDENCE_TO_ACT = 0.7;

/**
 * Whether a fast-path answer is one the slower readers (fallback-routing.ts)
 * may still change: only its questions back are. Here, beside the intent,
 * so the window's command bar asks it without loading the router.
 */
export function fallbacksMayAnswer(fast: UserIntent): boolean {
  return fast.intent === 'clarification';
}
