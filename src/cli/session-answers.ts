import path from 'node:path';
import type { AnswerService, ProfileFolder } from '../assistant/answer/index.js';
import type { SemanticIndex, SentenceEncoder } from '../retrieval/index.js';
import { createLogger } from '../core/index.js';
import type { CliContext } from './context.js';
import { PROFILES_DIR } from './answer-session.js';
import { VECTOR_INDEX_FILE } from './retrieval-session.js';
import { openWorkspaceSession } from './workspace-session.js';

const log = createLogger('answers');

export interface SessionAnswers {
  answers: AnswerService;
  profiles: ProfileFolder;
}

const sessions = new WeakMap<CliContext, Promise<SessionAnswers>>();

/**
 * The answer service of a long-running process (the window, the D-Bus
 * service), over the shared workspace session: its search index, the
 * built-in sentence encoder's vectors when they can be opened, and a model
 * registry closed with the process. Loaded on first use, once per context.
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
  let semantic: Promise<SemanticIndex | undefined> | undefined;
  let encoder: SentenceEncoder | undefined;
  ctx.lifecycle.register('answers', async () => {
    (await semantic?.catch(() => undefined))?.close();
    await encoder?.close();
    await registry.close();
  });
  const openSemantic = async (): Promise<SemanticIndex | undefined> => {
    const retrieval = await import('../retrieval/index.js');
    try {
      encoder = await retrieval.SentenceEncoder.open();
      return await retrieval.SemanticIndex.open(session.store, encoder, { file: path.join(ctx.paths.cacheDir, VECTOR_INDEX_FILE) });
    } catch (error) {
      log.warn('the built-in sentence encoder is unavailable; answers retrieve by words only', { error });
      return undefined;
    }
  };
  const answers = new AnswerService({
    store: session.store,
    models: registry,
    retrieval: async () => {
      const [bm25, vectors] = await Promise.all([session.search(), (semantic ??= openSemantic())]);
      return { bm25, store: session.store, ...(vectors ? { semantic: vectors } : {}) };
    },
  });
  return { answers, profiles: new ProfileFolder(path.join(ctx.paths.dataDir, PROFILES_DIR)) };
}
