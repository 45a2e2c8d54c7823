import { SovereignError, _, format } from '../core/index.js';
import { foldCase } from './text-match.js';

/** Longer than any command a person types; a paste of a whole document is not a command. */
export const MAX_COMMAND_LENGTH = 2000;

/** One word of a command: its folded form for matching, its place in the text for cutting out titles. */
export interface Token {
  key: string;
  start: number;
  end: number;
}

// Tabs and line breaks are spacing; every other control character (NUL, escape sequences, …) is refused.
const SPACING = /[\t\n\r\v\f\u2028\u2029]+/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a command before routing: empty, too long or containing control
 * characters is a clear error naming the cause, so nothing is guessed from
 * text a person did not type.
 */
export function cleanCommand(text: string): string {
  const spaced = text.replace(SPACING, ' ').trim();
  if (spaced.length === 0) throw new SovereignError('invalid-input', _('The command is empty: type what you want to do.'));
  if (spaced.length > MAX_COMMAND_LENGTH) {
    throw new SovereignError(
      'invalid-input',
      format(_('The command is {length} characters long; commands are at most {max}.'), { length: spaced.length, max: MAX_COMMAND_LENGTH }),
      { hint: _('To search for a long text, use search; to keep it, import it as a document.') },
    );
  }
  const control = CONTROL.exec(spaced);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new SovereignError('invalid-input', format(_('The command contains a control character (U+{code}) at position {at}.'), { code, at: control.index + 1 }));
  }
  return spaced.replace(/ {2,}/g, ' ');
}

/** The words of a command with their offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ key: foldCase(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Whether the folded words `phrase` stand at `at` in the tokens. */
export function phraseAt(tokens: readonly Token[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > tokens.length) return false;
  return phrase.every((word, i) => tokens[at + i]!.key === word);
}

/** The length of the first (longest) phrase standing at `at`, or 0. */
export function matchAny(tokens: readonly Token[], at: number, phrases: readonly (readonly string[])[], end = tokens.length): number {
  for (const phrase of phrases) if (at + phrase.length <= end && phraseAt(tokens, at, phrase)) return phrase.length;
  return 0;
}

/** Whether the tokens from..to are exactly one of the phrases. */
export function isExactly(tokens: readonly Token[], from: number, to: number, phrases: readonly (readonly string[])[]): boolean {
  return phrases.some((phrase) => phrase.length === to - from && phraseAt(tokens, from, phrase));
}
