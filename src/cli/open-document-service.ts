import { WorkspaceDocuments } from '../dbus/workspace-documents.js';
import type { CliContext } from './context.js';
import { openWorkspaceSession } from './workspace-session.js';

/**
 * The documents the D-Bus service answers about: the process's one
 * workspace session (store, model, search index), shared with the window.
 */
export async function openDocumentService(ctx: CliContext): Promise<WorkspaceDocuments> {
  const session = await openWorkspaceSession(ctx);
  return new WorkspaceDocuments(session.model, session.search, session.imports);
}
