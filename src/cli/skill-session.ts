import path from 'node:path';
import { asSovereignError, createLogger } from '../core/index.js';
import { SkillRegistry, StoreSkillHost, skillRegistryPaths } from '../skills/index.js';
import { builtinSkills } from './builtin-skills.js';
import type { CliContext } from './context.js';
import type { WorkspaceSession } from './workspace-session.js';

const log = createLogger('skills');

/** How often running skills are asked whether they still work. */
const HEALTH_CHECK_INTERVAL_MS = 60_000;

const registries = new WeakMap<CliContext, SkillRegistry>();

/**
 * The skills of a process that shows the window: one registry per context,
 * over the open workspace. Enabled skills load in the background (the window
 * does not wait for them), are health-checked every minute, and are unloaded
 * before the workspace closes. A skill's files go to its own folder under
 * the data dir.
 */
export function openSkillRegistry(ctx: CliContext, session: WorkspaceSession, options: { loadAfter?: Promise<void> } = {}): SkillRegistry {
  let registry = registries.get(ctx);
  if (registry) return registry;
  registry = new SkillRegistry({
    coreSkills: builtinSkills(ctx.paths, session.store),
    ...skillRegistryPaths(ctx.paths),
    createHost: (manifest) => new StoreSkillHost({ store: session.store, manifest, filesDir: path.join(ctx.paths.dataDir, 'skill-files', manifest.id) }),
  });
  registries.set(ctx, registry);
  const opened = registry;
  const stopHealthChecks = opened.startHealthChecks(HEALTH_CHECK_INTERVAL_MS);
  ctx.lifecycle.register('skills', async () => {
    stopHealthChecks();
    await opened.unloadAll();
  });
  // The window subscribes to 'skill.failed' as it builds; loading starts a turn later so it hears every
  // failure, and after `loadAfter` (the window's first frame: the PDF skill starts its typesetter thread).
  void (options.loadAfter ?? Promise.resolve()).then(() =>
    setImmediate(() => {
      opened.loadEnabled().catch((error: unknown) => log.error('cannot load the skills', { error: asSovereignError(error).message }));
    }),
  );
  return registry;
}
