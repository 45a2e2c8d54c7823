import { z } from 'zod';
import { SovereignError } from '../core/index.js';
import en from './lexicon/en.json' with { type: 'json' };
import de from './lexicon/de.json' with { type: 'json' };
import { ACTIONS, EXPORT_FORMATS, type Action, type ExportFormat } from './user-intent.js';
import { words } from './text-match.js';

/**
 * The words the fast-path router knows, one file per language in
 * src/assistant/lexicon/. Translators extend them: every entry is a phrase
 * as people type it; case and accents do not matter. The schema makes a
 * broken file fail loudly at start, naming the file and the field.
 */
const phrases = z.array(z.string().trim().min(1)).default([]);
const lexiconSchema = z.object({
  language: z.string().regex(/^[a-z]{2}$/),
  fillers: phrases,
  trailing: phrases,
  articles: phrases,
  references: phrases,
  everything: phrases,
  documentNouns: phrases,
  threadNouns: phrases,
  verbs: z.partialRecord(z.enum(ACTIONS), phrases),
  separators: z.object({
    into: phrases,
    renameTo: phrases,
    linkWith: phrases,
    exportAs: phrases,
    named: phrases,
    about: phrases,
  }),
  questionWords: phrases,
  formats: z.partialRecord(z.enum(EXPORT_FORMATS), phrases),
});
export type LexiconFile = z.input<typeof lexiconSchema>;

/** A phrase as a list of folded words, so that matching compares words, not characters. */
export type Phrase = readonly string[];

/** A lexicon ready for matching: every phrase split into folded words, longest first. */
export interface Lexicon {
  language: string;
  fillers: Phrase[];
  trailing: Phrase[];
  articles: Set<string>;
  references: Phrase[];
  everything: Phrase[];
  documentNouns: Set<string>;
  threadNouns: Phrase[];
  verbs: { action: Action; phrase: Phrase }[];
  separators: Record<keyof z.infer<typeof lexiconSchema>['separators'], Phrase[]>;
  questionWords: Set<string>;
  formats: { format: ExportFormat; phrase: Phrase }[];
  /** The language's small words (articles, fillers, references, separators, nouns): they tell a command's language when its verb is unknown. */
  smallWords: Set<string>;
}

function toPhrases(list: readonly string[]): Phrase[] {
  return list.map(words).filter((phrase) => phrase.length > 0).sort((a, b) => b.length - a.length);
}

export function parseLexicon(source: string, data: unknown): Lexicon {
  const parsed = lexiconSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SovereignError('config', `the assistant lexicon ${source} is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  const file = parsed.data;
  const verbs = Object.entries(file.verbs).flatMap(([action, list]) =>
    toPhrases(list ?? []).map((phrase) => ({ action: action as Action, phrase })),
  );
  verbs.sort((a, b) => b.phrase.length - a.phrase.length);
  const formats = Object.entries(file.formats).flatMap(([format, list]) =>
    toPhrases(list ?? []).map((phrase) => ({ format: format as ExportFormat, phrase })),
  );
  const s = file.separators;
  const smallWords = new Set(
    [file.fillers, file.trailing, file.articles, file.references, file.everything, file.documentNouns, file.threadNouns, file.questionWords, ...Object.values(s)].flat().flatMap(words),
  );
  return {
    smallWords,
    language: file.language,
    fillers: toPhrases(file.fillers),
    trailing: toPhrases(file.trailing),
    articles: new Set(file.articles.flatMap(words)),
    references: toPhrases(file.references),
    everything: toPhrases(file.everything),
    documentNouns: new Set(file.documentNouns.flatMap(words)),
    threadNouns: toPhrases(file.threadNouns),
    verbs,
    separators: {
      into: toPhrases(s.into),
      renameTo: toPhrases(s.renameTo),
      linkWith: toPhrases(s.linkWith),
      exportAs: toPhrases(s.exportAs),
      named: toPhrases(s.named),
      about: toPhrases(s.about),
    },
    questionWords: new Set(file.questionWords.flatMap(words)),
    formats,
  };
}

let builtIn: readonly Lexicon[] | undefined;

/** The lexicons shipped with Sovereign, English first (it wins ties). */
export function builtInLexicons(): readonly Lexicon[] {
  builtIn ??= [parseLexicon('en.json', en), parseLexicon('de.json', de)];
  return builtIn;
}
