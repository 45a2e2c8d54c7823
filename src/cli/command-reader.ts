import type { ModelCommandReader } from '../assistant/index.js';
import type { ModelRegistry } from '../ai/registry/model-registry.js';
import type { CliContext } from './context.js';

/**
 * The chat model reading commands the fast path is unsure about: the model
 * configured as `router` in [ai.models], else `chat`; undefined when
 * neither is set (no model installed: the fast path alone answers). The
 * model registry (and its model process) starts on the first such command
 * and is closed with the process.
 */
export function lazyCommandReader(ctx: CliContext): () => Promise<ModelCommandReader | undefined> {
  const role = ctx.config.ai.models.router ? 'router' : ctx.config.ai.models.chat ? 'chat' : undefined;
  let opened: Promise<ModelCommandReader> | undefined;
  return () => {
    if (!role) return Promise.resolve(undefined);
    opened ??= (async () => {
      const [{ ModelRegistry }, { ModelCommandReader }] = await Promise.all([import('../ai/registry/model-registry.js'), import('../assistant/index.js')]);
      const registry: ModelRegistry = new ModelRegistry({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
      ctx.lifecycle.register('command reader models', () => registry.close());
      return new ModelCommandReader(registry.backend(role));
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
