import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, format } from '../core/index.js';

/**
 * Which skills are switched off, and why, in a small JSON file in the data
 * dir. Skills are on unless listed here: a new core skill works without a
 * migration, and a skill disabled because it crashed stays off (with the
 * reason) until a person enables it again.
 */
const stateSchema = z
  .object({
    version: z.literal(1),
    disabled: z.record(
      z.string(),
      z.object({ reason: z.enum(['user', 'failed']), message: z.string().optional(), at: z.string() }).strict(),
    ),
  })
  .strict();

export type SkillState = z.infer<typeof stateSchema>;
export type DisabledEntry = SkillState['disabled'][string];

const EMPTY: SkillState = { version: 1, disabled: {} };

export async function readSkillState(file: string): Promise<SkillState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
    throw new SovereignError('io', format(_('cannot read {file}: {cause}'), { file, cause: (error as Error).message }), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SovereignError('invalid-input', format(_('cannot read {file}: not valid JSON ({cause})'), { file, cause: (error as Error).message }), {
      cause: error,
      hint: _('Delete the file to enable every skill again.'),
    });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SovereignError('invalid-input', format(_('cannot read {file}: {field}: {cause}'), { file, field: issue.path.join('.'), cause: issue.message }), {
      hint: _('Delete the file to enable every skill again.'),
    });
  }
  return parsed.data;
}

/** Writes the state so a crash leaves either the old file or the new one, never half of one. */
export async function writeSkillState(file: string, state: SkillState): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
