import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Gettext from 'node-gettext';
import type { mo } from 'gettext-parser';

/**
 * gettext for every layer. Strings are marked with _() (and ngettext for
 * plurals) so xgettext finds them; translations are the compiled .mo files
 * that meson installs under share/locale (or build/locale when running from
 * a checkout). The language comes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG,
 * in that order, as in GLib.
 */
export const GETTEXT_DOMAIN = 'sovereign';

/**
 * The catalogue in use; undefined while none is loaded, and then every
 * message is its own translation. node-gettext and gettext-parser are loaded
 * only when a catalogue is found: in an untranslated session (and in the
 * D-Bus service a Shell search starts) they would cost ~0.1 s of CPU to load,
 * a sixth of a cold answer. Required, not imported: initI18n runs before
 * the entry point's first await (Node >= 20.19 requires ES modules too).
 */
let gettext: Gettext | undefined;
const require = createRequire(import.meta.url);

function catalogueReader(): { Gettext: typeof Gettext; mo: typeof mo } {
  return { Gettext: require('node-gettext') as typeof Gettext, mo: (require('gettext-parser') as { mo: typeof mo }).mo };
}

let initialised = false;

// The locale is chosen once per process, so a lookup's answer never changes.
// Cached because node-gettext builds an Error (with a stack) for every
// message a catalogue lacks, and the canvas asks for labels every frame.
const translated = new Map<string, string>();

export function preferredLanguages(env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates: string[] = [];
  const language = env['LANGUAGE'];
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  // As glibc: LANGUAGE is ignored in the plain C locale (its output is
  // specified by POSIX), but not in C.UTF-8, the default of containers and CI.
  if (locale === 'C' || locale === 'POSIX') return [];
  if (language) candidates.push(...language.split(':'));
  if (locale) candidates.push(locale);
  const expanded: string[] = [];
  for (const candidate of candidates) {
    const clean = candidate.split('.')[0]!.split('@')[0]!;
    if (!clean || clean === 'C' || clean === 'POSIX') continue;
    expanded.push(clean);
    const base = clean.split('_')[0]!;
    if (base !== clean) expanded.push(base);
  }
  return [...new Set(expanded)];
}

/** Loads the first available catalogue for the user's languages from the locale dirs. */
export function initI18n(localeDirs: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  initialised = true;
  translated.clear();
  gettext = undefined;
  for (const language of preferredLanguages(env)) {
    for (const dir of localeDirs) {
      const file = path.join(dir, language, 'LC_MESSAGES', `${GETTEXT_DOMAIN}.mo`);
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch {
        continue;
      }
      const reader = catalogueReader();
      gettext = new reader.Gettext();
      gettext.setTextDomain(GETTEXT_DOMAIN);
      // node-gettext warns on every missing translation by default; a missing
      // translation is normal (the English string is used).
      gettext.on('error', () => undefined);
      gettext.addTranslations(language, GETTEXT_DOMAIN, reader.mo.parse(data));
      gettext.setLocale(language);
      return language;
    }
  }
  return undefined;
}

export function isI18nInitialised(): boolean {
  return initialised;
}

/** Translates a message. */
export function _(message: string): string {
  if (!gettext) return message;
  let result = translated.get(message);
  if (result === undefined) {
    result = gettext.gettext(message);
    translated.set(message, result);
  }
  return result;
}

/** Translates a message with a plural form chosen by n. */
export function ngettext(singular: string, plural: string, n: number): string {
  // Untranslated, as node-gettext's own fallback: the singular for exactly one.
  if (!gettext) return n === 1 ? singular : plural;
  return gettext.ngettext(singular, plural, n);
}

/** Translates a message in a context, for words that mean different things in different places. */
export function pgettext(context: string, message: string): string {
  // \u0004 separates context and message in gettext catalogues too.
  if (!gettext) return message;
  const key = `${context}\u0004${message}`;
  let result = translated.get(key);
  if (result === undefined) {
    result = gettext.pgettext(context, message);
    translated.set(key, result);
  }
  return result;
}

/** Replaces {name} placeholders: translators can move them, unlike concatenation. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
