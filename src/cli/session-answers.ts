import path from 'node:path';
import type { AnswerService, ProfileFolder } from '../assistant/answer/index.js';
import type { QuestionAnswerer } from '../dbus/ports.js';
import type { CliContext } from './context.js';
import { PROFILES_DIR } from './answer-session.js';
import { openSessionModels } from './session-models.js';
import { openWorkspaceRetrieval } from './workspace-retrieval.js';
import { openWorkspaceSession, registerSessionResource } from './workspace-session.js';

export interface SessionAnswers {
  answers: AnswerService;
  profiles: ProfileFolder;
}

const sessions = new WeakMap<CliContext, Promise<SessionAnswers>>();

/**
 * The answer service of a long-running process (the window, the D-Bus
 * service), over the shared workspace session: its search index and its
 * vector index (the one background indexing keeps up to date; words alone
 * when the encoder cannot start), and the process's model registry. Loaded on first use, once per context.
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
  const [{ AnswerService, ProfileFolder }, session, library] = await Promise.all([import('../assistant/answer/index.js'), openWorkspaceSession(ctx), openSessionModels(ctx)]);
  // A lock ends the session: the next question builds the answer service over the next one.
  registerSessionResource(ctx, 'answers', () => void sessions.delete(ctx));
  // The process's one registry: Preferences › Models shows the chat model an answer loads.
  const answers = new AnswerService({
    store: session.store,
    models: library.registry,
    retrieval: async () => {
      const [bm25, vectors] = await Promise.all([session.search(), openWorkspaceRetrieval(ctx, session)]);
      return { bm25, store: session.store, ...(vectors ? { semantic: vectors.semantic } : {}) };
    },
  });
  return { answers, profiles: new ProfileFolder(path.join(ctx.paths.dataDir, PROFILES_DIR)) };
}

/** The D-Bus service's view of the session's answer service (Ask): profiles are read from the same folder as the chat panel's. */
export function sessionQuestionAnswerer(ctx: CliContext): QuestionAnswerer {
  return {
    async ask(question, { profile, conversationId, onText }) {
      const { answers, profiles } = await openSessionAnswers(ctx);
      const chosen = profile !== undefined ? profiles.load(profile) : undefined;
      return answers.ask(question, { ...(chosen ? { profile: chosen } : {}), ...(conversationId !== undefined ? { conversationId } : {}), ...(onText ? { onText } : {}) });
    },
  };
}
