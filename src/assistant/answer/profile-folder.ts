import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { z } from 'zod';
import { SovereignError, _, format } from '../../core/index.js';
import { PROFILE_TOOLS, type AnswerProfile } from './answer-profile.js';

/** A profile's name is its file's name: short, and safe in a path and in a model id ("sovereign/<name>"). */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A profile is a few lines; a bigger file is not one. */
const MAX_PROFILE_BYTES = 64 * 1024;

const profileFileSchema = z
  .object({
    system_prompt: z.string().max(16_000).optional(),
    model: z.string().min(1).max(256).optional(),
    temperature: z.number().min(0).max(2).optional(),
    tools: z.array(z.enum(PROFILE_TOOLS)).optional(),
  })
  .strict();

/**
 * Named assistant profiles, one TOML file each in the data folder's
 * profiles/ (e.g. writer.toml: system_prompt, model, temperature, tools).
 * Files are read on every call, so an edit takes effect at the next question.
 */
export class ProfileFolder {
  constructor(readonly dir: string) {}

  /** Every valid profile, by name; a broken file is left out (load() names what is wrong with it). */
  list(): AnswerProfile[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((f) => f.endsWith('.toml')).map((f) => f.slice(0, -'.toml'.length));
    } catch {
      return [];
    }
    return names
      .filter((name) => PROFILE_NAME.test(name))
      .sort()
      .flatMap((name) => {
        try {
          return [this.load(name)];
        } catch {
          return [];
        }
      });
  }

  load(name: string): AnswerProfile {
    if (!PROFILE_NAME.test(name)) {
      throw new SovereignError('invalid-input', format(_('“{name}” is not a profile name: use letters, digits, - and _ (up to 64).'), { name }));
    }
    const file = path.join(this.dir, `${name}.toml`);
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_PROFILE_BYTES) throw new SovereignError('invalid-input', format(_('The profile {file} is larger than 64 KB.'), { file }));
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof SovereignError) throw error;
      const known = this.list().map((p) => p.name).join(', ') || _('none');
      throw new SovereignError('not-found', format(_('No assistant profile “{name}” ({file}).'), { name, file }), { hint: format(_('Profiles: {names}.'), { names: known }), cause: error });
    }
    let data: unknown;
    try {
      data = parseToml(text);
    } catch (error) {
      const where = error instanceof TomlError ? format(_(' (line {line})'), { line: error.line }) : '';
      throw new SovereignError('invalid-input', format(_('The profile {file} is not valid TOML{where}.'), { file, where }), { cause: error });
    }
    const parsed = profileFileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SovereignError('invalid-input', format(_('The profile {file} has a bad “{key}”: {reason}'), { file, key: issue.path.join('.') || '?', reason: issue.message }));
    }
    const p = parsed.data;
    return {
      name,
      ...(p.system_prompt !== undefined ? { systemPrompt: p.system_prompt } : {}),
      ...(p.model !== undefined ? { model: p.model } : {}),
      ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
      ...(p.tools !== undefined ? { tools: p.tools } : {}),
    };
  }
}
