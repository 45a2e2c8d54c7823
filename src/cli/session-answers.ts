import path from 'node:path';
import type { AnswerService, ProfileFolder } from '../assistant/answer/index.js';
import type { CliContext } from './context.js';
import { PROFILES_DIR } from './answer-session.js';
import { openWorkspaceRetrieval } from './workspace-retrieval.js';
import { openWorkspaceSession } from './workspace-session.js';

export interface SessionAnswers {
  answers: AnswerService;
  profiles: ProfileFolder;
}

const sessions = new WeakMap<CliContext, Promise<SessionAnswers>>();

/**
 * The answer service of a long-running process (the window, the D-Bus
 * service), over the shared workspace session: its search index and its
 * vector index (the one background indexing keeps up to date; words alone
 * when the encoder cannot start), and a model registry closed with the
 * process. Loaded on first use, once per context.
 */
export function openSessionAnswers(ctx: CliContext): Promise<SessionAnswers> {
  let opened = sessions.get(ctx);
  if (!opened) {
    opened = open(ctx).catch((error: unknown) => {
      sessions.delete(ctx);
      throw error;
    });
    sessions.set(ctx, opened);
  }
  return opened;
}

async function open(ctx: CliContext): Promise<SessionAnswers> {
  const [{ ModelRegistry }, { AnswerService, ProfileFolder }, session] = await Promise.all([
    import('../ai/registry/model-registry.js'),
    import('../assistant/answer/index.js'),
    openWorkspaceSession(ctx),
  ]);
  const registry = new ModelRegistry({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
  ctx.lifecycle.register('answers', () => registry.close());
  const answers = new AnswerService({
    store: session.store,
    models: registry,
    retrieval: async () => {
      const [bm25, vectors] = await Promise.all([session.search(), openWorkspaceRetrieval(ctx, session)]);
      return { bm25, store: session.store, ...(vectors ? { semantic: vectors.semantic } : {}) };
    },
  });
  return { answers, profiles: new ProfileFolder(path.join(ctx.paths.dataDir, PROFILES_DIR)) };
}
