import path from 'node:path';
import type { ModelRegistry } from '../ai/registry/model-registry.js';
import type { AnswerService } from '../assistant/answer/index.js';
import { ProfileFolder } from '../assistant/answer/profile-folder.js';
import type { ApiProfiles } from '../api/profile-completions.js';
import type { CliContext } from './context.js';
import { PROFILES_DIR } from './answer-session.js';
import { openCommandStore } from './open-command-store.js';
import { openRetrieval } from './retrieval-session.js';

/**
 * The assistant profiles `sovereign serve` offers as "sovereign/<name>"
 * models. The workspace is opened on the first question (a server that only
 * serves raw models never takes the database), then kept until exit.
 */
export function apiProfiles(ctx: CliContext, registry: ModelRegistry): ApiProfiles {
  const folder = new ProfileFolder(path.join(ctx.paths.dataDir, PROFILES_DIR));
  let answers: Promise<AnswerService> | undefined;
  const open = async (): Promise<AnswerService> => {
    const [{ AnswerService }, store] = await Promise.all([import('../assistant/answer/index.js'), openCommandStore(ctx)]);
    const retrieval = openRetrieval(ctx, store, { semantic: true });
    ctx.lifecycle.register('answers store', async () => {
      await (await retrieval.catch(() => undefined))?.close();
      await store.close();
    });
    return new AnswerService({ store, models: registry, retrieval: () => retrieval });
  };
  return {
    names: () => folder.list().map((p) => p.name),
    async answer(name, question, options) {
      const profile = folder.load(name);
      return (await (answers ??= open().catch((error: unknown) => {
        answers = undefined;
        throw error;
      }))).ask(question, { profile, signal: options.signal, onText: options.onText });
    },
  };
}
