import path from 'node:path';
import type { ModelRegistry } from '../ai/registry/model-registry.js';
import type { AnswerService, ProfileFolder } from '../assistant/answer/index.js';
import type { GraphStore } from '../store/index.js';
import type { CliContext } from './context.js';
import { openRetrieval, type RetrievalSession } from './retrieval-session.js';

/** Where assistant profiles live: <data dir>/profiles/<name>.toml. */
export const PROFILES_DIR = 'profiles';

export interface AnswerSession {
  answers: AnswerService;
  profiles: ProfileFolder;
  close(): Promise<void>;
}

/**
 * The answer service over an open store, as the command line uses it: the
 * model registry from the config, and the search indexes opened only when a
 * question reaches retrieval (a missing chat model is reported without them).
 */
export async function openAnswers(ctx: CliContext, store: GraphStore): Promise<AnswerSession> {
  const [{ ModelRegistry }, { AnswerService, ProfileFolder }, { withRoleChoices }] = await Promise.all([
    import('../ai/registry/model-registry.js'),
    import('../assistant/answer/index.js'),
    import('../ai/manager/model-roles.js'),
  ]);
  // Roles chosen in Preferences › Models hold here as for generate and serve.
  const registry: ModelRegistry = new ModelRegistry({ ai: withRoleChoices(ctx.config.ai, ctx.paths.modelsDir), modelsDir: ctx.paths.modelsDir });
  let retrieval: Promise<RetrievalSession> | undefined;
  const answers = new AnswerService({ store, models: registry, retrieval: () => (retrieval ??= openRetrieval(ctx, store, { semantic: true })) });
  return {
    answers,
    profiles: new ProfileFolder(path.join(ctx.paths.dataDir, PROFILES_DIR)),
    async close() {
      await (await retrieval)?.close();
      await registry.close();
    },
  };
}
