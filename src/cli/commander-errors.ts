import type { CommanderError } from 'commander';
import { _, format } from '../core/index.js';

/**
 * commander writes its usage errors in English and has no gettext of its
 * own; this rebuilds the common ones, by error code, in the user's
 * language. The names it quotes are taken from its English message. An
 * error this does not know keeps commander's text.
 */
export function translateCommanderError(error: CommanderError): string {
  const english = error.message.replace(/^error: /, '');
  const [first = '', suggestion] = english.split('\n');
  const quoted = [...first.matchAll(/'([^']*)'/g)].map((match) => match[1]!);
  return [translateFirstLine(error.code, first, quoted), suggestion && translateSuggestion(suggestion)].filter(Boolean).join('\n');
}

function translateFirstLine(code: string, english: string, quoted: string[]): string {
  switch (code) {
    case 'commander.unknownCommand':
      return format(_("unknown command '{name}'"), { name: quoted[0] ?? '' });
    case 'commander.unknownOption':
      return format(_("unknown option '{option}'"), { option: quoted[0] ?? '' });
    case 'commander.missingArgument':
      return format(_("missing required argument '{name}'"), { name: quoted[0] ?? '' });
    case 'commander.optionMissingArgument':
      return format(_("option '{option}' needs a value"), { option: quoted[0] ?? '' });
    case 'commander.missingMandatoryOptionValue':
      return format(_("required option '{option}' not given"), { option: quoted[0] ?? '' });
    case 'commander.excessArguments': {
      const [, expected, received] = /Expected (\d+) arguments? but got (\d+)/.exec(english) ?? [];
      if (expected === undefined || received === undefined) return english;
      return format(_('too many arguments: expected {expected}, got {received}'), { expected, received });
    }
    default:
      return english;
  }
}

function translateSuggestion(english: string): string {
  const names = /^\(Did you mean (?:one of )?(.*)\?\)$/.exec(english)?.[1];
  return names === undefined ? english : format(_('(Did you mean {names}?)'), { names });
}
