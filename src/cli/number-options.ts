import { SovereignError, _, format } from '../core/index.js';

/**
 * Parsers for numeric command-line options, for commander's `.option(flags,
 * description, parser, default)`. Number() alone lets through what a person
 * did not mean ("1e16", "0x10", "", "abc" as NaN) and values the store then
 * refuses with a message that names no option; these refuse them at once,
 * naming the option and the range it takes.
 */
const WHOLE = /^\+?\d{1,16}$/;
const DECIMAL = /^\+?(?:\d{1,16}(?:\.\d{0,16})?|\.\d{1,16})$/;

export function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value.trim());
    if (!WHOLE.test(value.trim()) || parsed < min || parsed > max) {
      throw new SovereignError('usage', format(_('{option} takes a whole number from {min} to {max}, not "{value}".'), { option, min, max, value: shown(value) }), {
        detail: { option },
      });
    }
    return parsed;
  };
}

export function decimalNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value.trim());
    if (!DECIMAL.test(value.trim()) || parsed < min || parsed > max) {
      throw new SovereignError('usage', format(_('{option} takes a number from {min} to {max}, not "{value}".'), { option, min, max, value: shown(value) }), {
        detail: { option },
      });
    }
    return parsed;
  };
}

/** The rejected text, short enough for one line of a message. */
function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
