import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createLogger, type SovereignConfig } from '../../core/index.js';
import { MODEL_ROLES, type ModelRole } from '../registry/model-registry.js';

const log = createLogger('ai.roles');

const rolesSchema = z.object(Object.fromEntries(MODEL_ROLES.map((role) => [role, z.string().optional()])) as Record<ModelRole, z.ZodOptional<z.ZodString>>).partial();

export type RoleChoices = Partial<Record<ModelRole, string>>;

/**
 * Which installed model plays which role, as chosen in Preferences, kept in
 * models/roles.json. A choice made there replaces the [ai.models] default of
 * config.toml (the administrator's starting point); a role not chosen keeps it.
 */
export class ModelRoles {
  readonly file: string;

  constructor(modelsDir: string) {
    this.file = path.join(modelsDir, 'roles.json');
  }

  /** Read once when the models are opened (synchronously: before the registry is built). */
  read(): RoleChoices {
    try {
      const parsed = rolesSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data as RoleChoices;
      log.warn('ignoring a damaged roles file', { file: this.file });
    } catch {
      // No choice made yet.
    }
    return {};
  }

  async write(choices: RoleChoices): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    await fs.promises.writeFile(temporary, JSON.stringify(choices, null, 2));
    await fs.promises.rename(temporary, this.file);
  }
}

/**
 * The [ai] config with the roles chosen in Preferences laid over [ai.models]:
 * what every registry in Sovereign (the window's, `sovereign serve`,
 * `sovereign generate`) serves, so a choice made in the window holds everywhere.
 */
export function withRoleChoices(ai: SovereignConfig['ai'], modelsDir: string): SovereignConfig['ai'] {
  return { ...ai, models: { ...ai.models, ...new ModelRoles(modelsDir).read() } };
}
