import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundaries, chooseTickUnit, rulerTicks } from '../../../src/canvas/kernels/ruler-ticks.js';
import { DAY_MS, HOUR_MS, TimeScale } from '../../../src/canvas/kernels/time-scale.js';

test('the ruler unit adapts from years to hours as the zoom grows', () => {
  const units = [1e-9, 4e-9, 3e-8, 1e-7, 2e-6, 3e-5].map((pxPerMs) => chooseTickUnit(pxPerMs, 90));
  assert.deepEqual(units, ['decade', 'year', 'quarter', 'month', 'day', 'hour']);
});

test('month boundaries fall on the first of each month in the scale offset', () => {
  const scale = new TimeScale(120);
  const start = Date.UTC(2026, 0, 15);
  const got = boundaries(scale, 'month', start, Date.UTC(2026, 3, 30)).map((ms) => new Date(ms + 120 * 60_000).toISOString().slice(0, 10));
  assert.deepEqual(got, ['2026-02-01', '2026-03-01', '2026-04-01']);
});

test('weeks start on Monday and are labelled with day and month', () => {
  const scale = new TimeScale();
  const { unit, ticks } = rulerTicks(scale, Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 20), 100 / (7 * DAY_MS), { minLabelSpacingPx: 90, minMinorSpacingPx: 8 });
  assert.equal(unit, 'week');
  const majors = ticks.filter((t) => t.major);
  assert.deepEqual(majors.map((t) => t.label), ['2 Mar', '9 Mar', '16 Mar']);
  assert.ok(majors.every((t) => new Date(t.ms).getUTCDay() === 1));
  assert.ok(ticks.some((t) => !t.major), 'minor day ticks between weeks');
});

test('hour ticks are labelled with the time, midnight with the date', () => {
  const scale = new TimeScale();
  const { ticks } = rulerTicks(scale, Date.UTC(2026, 2, 1, 22), Date.UTC(2026, 2, 2, 1), 200 / HOUR_MS, { minLabelSpacingPx: 90, minMinorSpacingPx: 8 });
  assert.deepEqual(ticks.filter((t) => t.major).map((t) => t.label), ['22:00', '23:00', '2 Mar', '01:00']);
});

test('a January month tick carries the year', () => {
  const { ticks } = rulerTicks(new TimeScale(), Date.UTC(2025, 11, 1), Date.UTC(2026, 1, 2), 100 / (30 * DAY_MS), { minLabelSpacingPx: 90, minMinorSpacingPx: 1000 });
  assert.deepEqual(ticks.map((t) => t.label), ['Dec', 'Jan 2026', 'Feb']);
});

test('world x and time convert both ways', () => {
  const scale = new TimeScale();
  const ms = Date.UTC(2026, 2, 10, 12);
  assert.ok(Math.abs(scale.msOf(scale.xOf(ms)) - ms) < 1);
  assert.equal(scale.xOf(ms + DAY_MS) - scale.xOf(ms), 48);
});
