import type { RunResult } from '../assistant/index.js';

/** What the window offers for showing a command's result. */
export interface CommandEffectsTarget {
  openDocument(id: string): void;
  /** Puts the cursor in a new note's editor. */
  focusEditor(id: string): void;
  showSearch(query: string): void;
  showThread(threadId: string): void;
  showTime(from: Date, to: Date): void;
  /** Opens the chat panel and answers the question there. */
  ask(question: string): void;
  /** A toast; with `undo`, it carries an Undo button. */
  toast(message: string, undo?: () => void): void;
}

/**
 * Makes an executed command visible where the person looks: documents
 * open in panels (a created note with the cursor in it), threads and time
 * ranges move the camera, searches open the search overlay, and every
 * change leaves a toast whose Undo takes it back.
 */
export function showCommandResult(target: CommandEffectsTarget, result: RunResult, undo: () => void): void {
  const { action, entities } = result.intent;
  for (const event of result.events) {
    switch (event.type) {
      case 'DocumentOpened':
        target.openDocument(event.document.id);
        if (action === 'create_document' || action === 'dictate') target.focusEditor(event.document.id);
        break;
      case 'SearchResults':
        if (action === 'show_thread' && entities.thread) target.showThread(entities.thread.id);
        else if (action === 'show_time' && entities.from && entities.to) target.showTime(entities.from, entities.to);
        else if (action === 'search') target.showSearch(event.query);
        break;
      case 'ActionExecuted':
        target.toast(event.summary, event.undoable ? undo : undefined);
        break;
      case 'AnswerRequested':
        target.ask(event.question);
        break;
      case 'ActionUndone':
        target.toast(event.summary);
        break;
      case 'ActionProposed':
      case 'ClarificationNeeded':
        // The bar shows these itself; they never reach an executed result.
        break;
    }
  }
}
