import * as chrono from 'chrono-node';

/** A span of time a command refers to: from inclusive, to exclusive. */
export interface DateRange {
  from: Date;
  to: Date;
  /** Where in the text the date expression starts and ends, so the caller can cut it out. */
  index: number;
  length: number;
}

const DAY_MS = 86_400_000;
const parsers: Record<string, chrono.Chrono> = { en: chrono.en.casual, de: chrono.de.casual };

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Monday of the week (ISO weeks start on Monday in both languages we ship). */
function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return new Date(day.getTime() - ((day.getDay() + 6) % 7) * DAY_MS);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

const WEEK_WORDS = /\b(week|weeks|woche|wochen)\b/i;
const MONTH_WORDS = /\b(month|months|monat|monate|monats)\b/i;

/**
 * Finds the first date expression in a command ("yesterday", "last week",
 * "letzte Woche", "March 3", "between Monday and Wednesday") and turns it
 * into a from/to range of whole days, weeks or months. A person looking for
 * documents means the past, so a date without a year that would lie in the
 * future ("March 3" in December) is taken from the year before, and a
 * weekday from the week before.
 */
export function findDateRange(text: string, language: string, now: Date): DateRange | undefined {
  const parser = parsers[language] ?? parsers['en']!;
  const results = parser.parse(text, now);
  const first = results[0];
  if (!first) return undefined;
  const last = results.length > 1 && results[1] !== undefined ? results[1] : undefined;
  const pastStart = intoPast(first.start, now);
  const spanText = first.text;
  let from: Date;
  let to: Date;
  if (first.end) {
    from = startOfDay(pastStart);
    to = addDays(intoPast(first.end, now), 1);
  } else if (last) {
    from = startOfDay(pastStart);
    to = addDays(intoPast(last.start, now), 1);
  } else if (WEEK_WORDS.test(spanText)) {
    from = startOfWeek(pastStart);
    to = addDays(from, 7);
  } else if (MONTH_WORDS.test(spanText) || (first.start.isCertain('month') && !first.start.isCertain('day'))) {
    from = new Date(pastStart.getFullYear(), pastStart.getMonth(), 1);
    to = new Date(pastStart.getFullYear(), pastStart.getMonth() + 1, 1);
  } else {
    from = startOfDay(pastStart);
    to = addDays(from, 1);
  }
  const end = last ? last.index + last.text.length : first.index + first.text.length;
  return { from, to, index: first.index, length: end - first.index };
}

function intoPast(component: chrono.ParsedComponents, now: Date): Date {
  const date = component.date();
  if (date.getTime() <= now.getTime()) return date;
  if (!component.isCertain('year') && component.isCertain('month')) {
    return new Date(date.getFullYear() - 1, date.getMonth(), date.getDate(), date.getHours());
  }
  if (!component.isCertain('day') && component.isCertain('weekday')) return new Date(date.getTime() - 7 * DAY_MS);
  return date;
}
