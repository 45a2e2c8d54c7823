// The intent module, not the assistant's index: that loads the router (chrono-node) with the window.
import { EXPORT_FORMATS, INTENT_OF_ACTION, type ExportFormat, type IntentChoice, type UserIntent } from '../assistant/user-intent.js';

/** What a clarification's choice names: the window tells them apart by looking the id up. */
export type ChoiceKind = 'document' | 'thread' | 'format';

/**
 * The command a clarification's choice completes: the action the router
 * was unsure about (open when it named none) with the chosen document,
 * thread or format filled in. Taken as certain: the person picked it.
 */
export function completeWithChoice(question: UserIntent, choice: IntentChoice, kind: ChoiceKind): UserIntent {
  const action = question.pending ?? (kind === 'thread' ? 'show_thread' : 'open_document');
  const entities = { ...question.entities };
  if (kind === 'document') {
    // The second document of a link when the first is known already.
    if (action === 'link_documents' && entities.document) entities.target = { id: choice.id, title: choice.title };
    else entities.document = { id: choice.id, title: choice.title };
  } else if (kind === 'thread') {
    entities.thread = { id: choice.id, name: choice.title };
  } else {
    entities.format = choice.id as ExportFormat;
  }
  return { intent: INTENT_OF_ACTION[action], action, confidence: 1, entities };
}

export function isExportFormat(id: string): boolean {
  return (EXPORT_FORMATS as readonly string[]).includes(id);
}
