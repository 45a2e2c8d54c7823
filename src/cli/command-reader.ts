import type { ModelCommandReader } from '../assistant/index.js';
import type { CliContext } from './context.js';
import { openSessionModels } from './session-models.js';

/**
 * The chat model reading commands the fast path is unsure about: the model
 * configured as `router` in [ai.models], else `chat`; undefined when
 * neither is set (no model installed: the fast path alone answers). It
 * generates through the process's one model registry (the window's, when
 * it runs there), opened on the first such command.
 */
export function lazyCommandReader(ctx: CliContext): () => Promise<ModelCommandReader | undefined> {
  const role = ctx.config.ai.models.router ? 'router' : ctx.config.ai.models.chat ? 'chat' : undefined;
  let opened: Promise<ModelCommandReader> | undefined;
  return () => {
    if (!role) return Promise.resolve(undefined);
    opened ??= (async () => {
      const [library, { ModelCommandReader }] = await Promise.all([openSessionModels(ctx), import('../assistant/index.js')]);
      return new ModelCommandReader(library.registry.backend(role));
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
