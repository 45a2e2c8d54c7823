import type { ModelLibrary } from '../ai/manager/model-library.js';
import type { CliContext } from './context.js';

const libraries = new WeakMap<CliContext, Promise<ModelLibrary>>();

/**
 * The local models of a long-running process (the window, the service):
 * one ModelLibrary, and so one ModelRegistry and one model process, per
 * context, loaded on first use and closed (the model process stopped) when
 * the process shuts down. Whatever generates in this process should take
 * its registry from here, so Preferences shows what is really loaded.
 */
export function openSessionModels(ctx: CliContext): Promise<ModelLibrary> {
  let opened = libraries.get(ctx);
  if (!opened) {
    opened = import('../ai/manager/model-library.js').then(({ ModelLibrary }) => {
      const library = new ModelLibrary({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
      ctx.lifecycle.register('models', () => library.close());
      return library;
    });
    libraries.set(ctx, opened);
  }
  return opened;
}
