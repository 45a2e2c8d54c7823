import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, format } from '../core/index.js';
import { DOC_TYPES } from '../store/index.js';

/**
 * The one schema for a skill's `skill.json`. Every object is strict: an
 * unknown field is an error, so a typo ("permisions") is reported instead of
 * silently granting nothing, and a field a newer Sovereign understands is not
 * half-honoured by an older one.
 */

/** What a skill may ask the host to do. There is deliberately no network permission. */
export const SKILL_PERMISSIONS = ['read-documents', 'write-documents', 'write-files'] as const;
export type SkillPermission = (typeof SKILL_PERMISSIONS)[number];

export const SKILL_KINDS = ['core', 'community'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

// Reverse-DNS with at least three labels (org.sovereign.MarkdownEditor), as
// GNOME application ids: the id is also a folder name, so no slashes or dots
// at the ends, and labels never start with a digit.
const SKILL_ID = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){2,}$/;
// The grammar from semver.org (2.0.0), without build metadata's leading-zero rules relaxed.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// A command id is local to its skill: "word-count", "insert-link".
const COMMAND_ID = /^[a-z][a-z0-9-]*$/;
// A GTK accelerator as Gtk.accelerator_parse reads it: "<Control>b", "<Control><Shift>k", "F5".
const SHORTCUT = /^(<(Control|Ctrl|Primary|Shift|Alt|Super|Meta)>)*[A-Za-z0-9_]+$/;

/** True when `entry` is a relative path that stays inside the skill's folder. */
export function entryStaysInside(entry: string): boolean {
  if (entry.length === 0 || entry.includes('\0') || path.isAbsolute(entry)) return false;
  const normal = path.posix.normalize(entry.replace(/\\/g, '/'));
  return normal !== '.' && normal !== '..' && !normal.startsWith('../');
}

const docTypeSchema = z.enum(DOC_TYPES);

export const skillManifestSchema = z
  .object({
    id: z.string().max(255).regex(SKILL_ID, 'must be a reverse-DNS name such as org.example.WordCount'),
    name: z.string().trim().min(1).max(80),
    version: z.string().max(64).regex(SEMVER, 'must be a semantic version such as 1.2.0'),
    kind: z.enum(SKILL_KINDS),
    entry: z
      .string()
      .max(255)
      .refine(entryStaysInside, 'must be a relative path inside the skill folder (no "..", no absolute path)'),
    documentTypes: z
      .object({
        views: z.array(docTypeSchema).max(DOC_TYPES.length),
        edits: z.array(docTypeSchema).max(DOC_TYPES.length),
      })
      .strict(),
    commands: z
      .array(
        z
          .object({
            id: z.string().max(64).regex(COMMAND_ID, 'must be lower-case words joined by "-", e.g. word-count'),
            title: z.string().trim().min(1).max(80),
            shortcut: z.string().max(64).regex(SHORTCUT, 'must be a GTK accelerator such as <Control>b').optional(),
          })
          .strict(),
      )
      .max(64)
      .refine((commands) => new Set(commands.map((c) => c.id)).size === commands.length, 'has the same command id twice'),
    permissions: z
      .array(z.enum(SKILL_PERMISSIONS))
      .refine((list) => new Set(list).size === list.length, 'lists a permission twice'),
  })
  .strict();

export type SkillManifest = z.infer<typeof skillManifestSchema>;
export type SkillCommand = SkillManifest['commands'][number];

/** The manifest's file name inside a skill folder. */
export const MANIFEST_FILE = 'skill.json';

/**
 * Checks a parsed skill.json. `file` names it in the message, which also
 * names the first field at fault: "…/skill.json: version: must be a semantic version".
 */
export function parseSkillManifest(json: unknown, file: string): SkillManifest {
  const parsed = skillManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldOf(issue);
  const cause =
    issue.code === 'unrecognized_keys'
      ? _('is not a field a skill manifest may have')
      : issue.code === 'invalid_type' && valueAt(json, issue.path) === undefined
        ? _('is missing')
        : issue.message;
  throw new SovereignError(
    'invalid-input',
    format(_('invalid skill manifest {file}: {field}: {cause}'), { file, field, cause }),
    { hint: _('Fix skill.json; its format is described in src/skills/manifest.ts.'), detail: { file, field } },
  );
}

/** Reads a skill.json's text (already loaded) and checks it; bad JSON names the file too. */
export function parseSkillManifestText(text: string, file: string): SkillManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SovereignError('invalid-input', format(_('invalid skill manifest {file}: not valid JSON ({cause})'), { file, cause: (error as Error).message }), {
      cause: error,
      detail: { file },
    });
  }
  return parseSkillManifest(json, file);
}

function fieldOf(issue: z.core.$ZodIssue): string {
  // An unknown key is reported on the object that holds it; name the key itself.
  if (issue.code === 'unrecognized_keys') return [...issue.path.map(String), issue.keys.join(', ')].filter(Boolean).join('.');
  return issue.path.map(String).join('.') || _('the manifest');
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of at) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Whether the manifest grants a permission. */
export function grants(manifest: SkillManifest, permission: SkillPermission): boolean {
  return manifest.permissions.includes(permission);
}
