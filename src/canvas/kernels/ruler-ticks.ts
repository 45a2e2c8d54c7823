import { DAY_MS, HOUR_MS, type TimeScale } from './time-scale.js';

export type TickUnit = 'decade' | 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour';

export interface Tick {
  ms: number;
  /** Major ticks carry a label; minor ones are only a short mark. */
  major: boolean;
  label: string;
}

export interface RulerTicks {
  unit: TickUnit;
  ticks: Tick[];
}

interface Step {
  unit: TickUnit;
  /** Rough length, for choosing the step. */
  approxMs: number;
  /** The finer step that draws minor ticks between the labelled ones. */
  minor: TickUnit | null;
}

// From coarse to fine: the finest step whose labels keep their spacing wins.
const STEPS: readonly Step[] = [
  { unit: 'decade', approxMs: 3652 * DAY_MS, minor: 'year' },
  { unit: 'year', approxMs: 365 * DAY_MS, minor: 'quarter' },
  { unit: 'quarter', approxMs: 91 * DAY_MS, minor: 'month' },
  { unit: 'month', approxMs: 30.4 * DAY_MS, minor: 'week' },
  { unit: 'week', approxMs: 7 * DAY_MS, minor: 'day' },
  { unit: 'day', approxMs: DAY_MS, minor: 'hour' },
  { unit: 'hour', approxMs: HOUR_MS, minor: null },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TickOptions {
  /** Minimum distance between labelled ticks, in device pixels. */
  minLabelSpacingPx: number;
  /** Minimum distance between minor ticks; closer ones are left out. */
  minMinorSpacingPx: number;
  /** Month abbreviations (translated by the caller); English by default. */
  monthNames?: readonly string[];
}

/** Picks the unit whose labels are at least minLabelSpacingPx apart at pxPerMs. */
export function chooseTickUnit(pxPerMs: number, minLabelSpacingPx: number): TickUnit {
  for (let i = STEPS.length - 1; i >= 0; i--) {
    const step = STEPS[i]!;
    if (step.approxMs * pxPerMs >= minLabelSpacingPx) return step.unit;
  }
  return 'decade';
}

/**
 * Ruler ticks for the time range [startMs, endMs] drawn at pxPerMs device
 * pixels per millisecond: labelled ticks of the chosen unit (years → months →
 * weeks → days → hours as the zoom grows) and minor ticks one unit finer.
 */
export function rulerTicks(scale: TimeScale, startMs: number, endMs: number, pxPerMs: number, options: TickOptions): RulerTicks {
  const unit = chooseTickUnit(pxPerMs, options.minLabelSpacingPx);
  const step = STEPS.find((s) => s.unit === unit)!;
  const months = options.monthNames ?? MONTHS;
  const ticks: Tick[] = [];
  const majors = new Set<number>();
  for (const ms of boundaries(scale, unit, startMs, endMs)) {
    majors.add(ms);
    ticks.push({ ms, major: true, label: labelFor(scale, unit, ms, months) });
  }
  const minorStep = step.minor ? STEPS.find((s) => s.unit === step.minor)! : null;
  if (minorStep && minorStep.approxMs * pxPerMs >= options.minMinorSpacingPx) {
    for (const ms of boundaries(scale, minorStep.unit, startMs, endMs)) {
      if (!majors.has(ms)) ticks.push({ ms, major: false, label: '' });
    }
  }
  ticks.sort((a, b) => a.ms - b.ms);
  return { unit, ticks };
}

/** Every calendar boundary of a unit within [startMs, endMs] (bounded, so a bad range cannot hang). */
export function boundaries(scale: TimeScale, unit: TickUnit, startMs: number, endMs: number, limit = 4000): number[] {
  const out: number[] = [];
  const first = scale.local(startMs);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  let day = first.getUTCDate();
  let hour = first.getUTCHours();
  switch (unit) {
    case 'decade':
      year = Math.floor(year / 10) * 10;
      month = 0;
      day = 1;
      hour = 0;
      break;
    case 'year':
      month = 0;
      day = 1;
      hour = 0;
      break;
    case 'quarter':
      month = Math.floor(month / 3) * 3;
      day = 1;
      hour = 0;
      break;
    case 'month':
      day = 1;
      hour = 0;
      break;
    case 'week': {
      // Weeks start on Monday (ISO 8601).
      const weekday = (first.getUTCDay() + 6) % 7;
      day -= weekday;
      hour = 0;
      break;
    }
    case 'day':
      hour = 0;
      break;
    case 'hour':
      break;
  }
  for (let i = 0; i < limit; i++) {
    const ms = scale.instant(year, month, day, hour);
    if (ms > endMs) break;
    if (ms >= startMs) out.push(ms);
    switch (unit) {
      case 'decade': year += 10; break;
      case 'year': year += 1; break;
      case 'quarter': month += 3; break;
      case 'month': month += 1; break;
      case 'week': day += 7; break;
      case 'day': day += 1; break;
      case 'hour': hour += 1; break;
    }
  }
  return out;
}

function labelFor(scale: TimeScale, unit: TickUnit, ms: number, months: readonly string[]): string {
  const d = scale.local(ms);
  const year = d.getUTCFullYear();
  const month = months[d.getUTCMonth()] ?? '';
  switch (unit) {
    case 'decade':
    case 'year':
      return String(year);
    case 'quarter':
    case 'month':
      return d.getUTCMonth() === 0 ? `${month} ${year}` : month;
    case 'week':
    case 'day':
      return d.getUTCDate() === 1 || unit === 'week' ? `${d.getUTCDate()} ${month}` : String(d.getUTCDate());
    case 'hour':
      return d.getUTCHours() === 0 ? `${d.getUTCDate()} ${month}` : `${String(d.getUTCHours()).padStart(2, '0')}:00`;
  }
}
