import path from 'node:path';
import type { Orchestrator } from '../assistant/index.js';
import { lazyCommandMeaning } from './command-meaning.js';
import { lazyCommandReader } from './command-reader.js';
import type { CommandAssistant } from '../dbus/ports.js';
import type { CliContext } from './context.js';
import { openWorkspaceSession, registerSessionResource } from './workspace-session.js';

const assistants = new WeakMap<CliContext, Promise<Orchestrator>>();

/**
 * The orchestrator of a long-running process, over the shared workspace
 * session: one per context, so the window's command bar and the D-Bus
 * service (RouteCommand, RunCommand) route and undo through the same
 * instance and the same undo stack. Loaded on first use, so that a service
 * started for a search never loads the router. A failed open is retried by
 * the next caller rather than remembered.
 */
export function openSessionAssistant(ctx: CliContext): Promise<Orchestrator> {
  let opened = assistants.get(ctx);
  if (!opened) {
    opened = open(ctx).catch((error: unknown) => {
      assistants.delete(ctx);
      throw error;
    });
    assistants.set(ctx, opened);
  }
  return opened;
}

async function open(ctx: CliContext): Promise<Orchestrator> {
  const [{ Orchestrator, UndoStack, UNDO_FILE_NAME, UserProfile, PROFILE_FILE_NAME }, session] = await Promise.all([import('../assistant/index.js'), openWorkspaceSession(ctx)]);
  // A lock ends the session: the next command builds the orchestrator over the next one.
  registerSessionResource(ctx, 'assistant', () => void assistants.delete(ctx));
  const [undo, profile] = await Promise.all([UndoStack.open(path.join(ctx.paths.dataDir, UNDO_FILE_NAME)), UserProfile.open(path.join(ctx.paths.dataDir, PROFILE_FILE_NAME))]);
  const [{ ExportService }, { documentsDir }] = await Promise.all([import('../exporters/export-service.js'), import('./documents-dir.js')]);
  return new Orchestrator({
    store: session.store,
    model: session.model,
    undo,
    search: session.search,
    exports: new ExportService(session.store, ctx.paths.dataDir),
    imports: session.imports,
    exportDir: documentsDir(),
    profile,
    meaning: lazyCommandMeaning(),
    reader: lazyCommandReader(ctx),
  });
}

/** The D-Bus service's view of the session's orchestrator. */
export function lazyCommandAssistant(ctx: CliContext): CommandAssistant {
  return {
    route: async (text, options = {}) => (await openSessionAssistant(ctx)).routeWithMeaning(text, options.context ? { context: options.context } : {}),
    run: async (text, options = {}) => (await openSessionAssistant(ctx)).run(text, options),
  };
}
