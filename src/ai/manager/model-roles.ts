import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createLogger, type SovereignConfig } from '../../core/index.js';
import { MODEL_ROLES, type ModelRole } from '../registry/model-registry.js';

const log = createLogger('ai.roles');

const rolesSchema = z.object(Object.fromEntries(MODEL_ROLES.map((role) => [role, z.string().optional()])) as Record<ModelRole, z.ZodOptional<z.ZodString>>).partial();

export type RoleChoices = Partial<Record<ModelRole, string>>;

/**
 * The speech model chosen in Preferences (or with `sovereign models use`),
 * kept in the same file under "speech". It is read apart from the GGUF
 * roles on purpose: `speech` is not a ModelRole, so no registry ever serves
 * a whisper file as a chat or embedding model.
 */
const speechChoiceSchema = z.object({ speech: z.string().optional() });

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

  /** The speech model chosen, by name; undefined when none was chosen here. */
  readSpeech(): string | undefined {
    try {
      const parsed = speechChoiceSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.speech : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes the GGUF roles; the speech choice in the file is kept. */
  async write(choices: RoleChoices): Promise<void> {
    const speech = this.readSpeech();
    await this.writeFile(speech === undefined ? choices : { ...choices, speech });
  }

  /** Chooses the speech model (undefined: none chosen, the installed one is used); the GGUF roles are kept. */
  async writeSpeech(name: string | undefined): Promise<void> {
    const choices: Record<string, string | undefined> = { ...this.read() };
    if (name !== undefined) choices['speech'] = name;
    await this.writeFile(choices);
  }

  private async writeFile(record: Record<string, string | undefined>): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    await fs.promises.writeFile(temporary, JSON.stringify(record, null, 2));
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
