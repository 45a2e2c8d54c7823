import path from 'node:path';
import type { Orchestrator } from '../assistant/index.js';
import type { CommandAssistant } from '../dbus/ports.js';
import type { CliContext } from './context.js';
import { openWorkspaceSession } from './workspace-session.js';

/**
 * The assistant of a long-running process (the D-Bus service, beside the
 * window): the orchestrator over the shared workspace session, loaded on
 * the first command so that a service started for a search never loads the
 * router.
 */
export function lazyCommandAssistant(ctx: CliContext): CommandAssistant {
  let opened: Promise<Orchestrator> | undefined;
  const open = async (): Promise<Orchestrator> => {
    const [{ Orchestrator, UndoStack, UNDO_FILE_NAME }, session] = await Promise.all([import('../assistant/index.js'), openWorkspaceSession(ctx)]);
    const undo = await UndoStack.open(path.join(ctx.paths.dataDir, UNDO_FILE_NAME));
    const [{ ExportService }, { documentsDir }] = await Promise.all([import('../exporters/export-service.js'), import('./documents-dir.js')]);
    return new Orchestrator({
      store: session.store,
      model: session.model,
      undo,
      search: session.search,
      exports: new ExportService(session.store, ctx.paths.dataDir),
      imports: session.imports,
      exportDir: documentsDir(),
    });
  };
  const orchestrator = (): Promise<Orchestrator> => {
    // A failed open is retried by the next command rather than remembered.
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    route: async (text) => (await orchestrator()).route(text),
    run: async (text) => (await orchestrator()).run(text),
  };
}
