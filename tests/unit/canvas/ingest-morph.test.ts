import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceIngest, easeOutCubic, INGEST_DURATION_MS, INGEST_MAX_STEP_MS, ingestProgress, ingestShape } from '../../../src/canvas/kernels/ingest-morph.js';

const W = 200;
const H = 56;
const ENDS = { skew: 12, radius: 10 };

test('the morph starts as the imported card: a parallelogram leaning right by its skew, corners sharp', () => {
  const shape = ingestShape(W, H, 0, ENDS);
  assert.equal(shape.skew, 12);
  assert.equal(shape.radius, 0);
  // The parallelogram's corners: top edge from (skew, 0) to (w, 0), bottom edge from (0, h) to (w - skew, h).
  assert.deepEqual(shape.corners, [
    { x: 12, y: 0 },
    { x: 200, y: 0 },
    { x: 188, y: 56 },
    { x: 0, y: 56 },
  ]);
});

test('the morph ends as the owned card: the rectangle with its rounded corners', () => {
  const shape = ingestShape(W, H, 1, ENDS);
  assert.equal(shape.skew, 0);
  assert.equal(shape.radius, 10);
  assert.deepEqual(shape.corners, [
    { x: 0, y: 0 },
    { x: 200, y: 0 },
    { x: 200, y: 56 },
    { x: 0, y: 56 },
  ]);
});

test('half way through the time, ease-out has done seven eighths of the change', () => {
  // Ease-out cubic at 1/2: 1 - (1/2)^3 = 7/8.
  assert.equal(easeOutCubic(0.5), 7 / 8);
  const shape = ingestShape(W, H, 0.5, ENDS);
  assert.equal(shape.skew, 12 / 8);
  assert.equal(shape.radius, 10 * (7 / 8));
});

test('the lean only shrinks and the rounding only grows as the morph runs', () => {
  let previous = ingestShape(W, H, 0, ENDS);
  for (let step = 1; step <= 20; step++) {
    const shape = ingestShape(W, H, step / 20, ENDS);
    assert.ok(shape.skew <= previous.skew, `skew at ${step / 20}`);
    assert.ok(shape.radius >= previous.radius, `radius at ${step / 20}`);
    previous = shape;
  }
});

test('a radius larger than half the card is capped, so a tiny card still rounds into a valid shape', () => {
  assert.equal(ingestShape(30, 8, 1, ENDS).radius, 4);
});

test('progress runs from 0 to 1 over the duration and stays within it before and after', () => {
  assert.equal(ingestProgress(-50), 0);
  assert.equal(ingestProgress(0), 0);
  assert.equal(ingestProgress(INGEST_DURATION_MS / 4), 0.25);
  assert.equal(ingestProgress(INGEST_DURATION_MS), 1);
  assert.equal(ingestProgress(INGEST_DURATION_MS * 3), 1);
  assert.equal(ingestProgress(10, 0), 1, 'a zero duration is already finished');
});

test('a frame that comes late moves the morph on by one capped step, so a stalled loop does not skip it', () => {
  assert.equal(advanceIngest(100, 16), 116);
  assert.equal(advanceIngest(100, 1000), 100 + INGEST_MAX_STEP_MS);
  assert.equal(advanceIngest(100, -5), 100, 'a clock that steps back does not rewind it');
  // However slow the frames, it takes at least duration / cap frames to play.
  let elapsed = 0;
  let frames = 0;
  while (ingestProgress(elapsed) < 1) {
    elapsed = advanceIngest(elapsed, 10_000);
    frames++;
  }
  assert.equal(frames, INGEST_DURATION_MS / INGEST_MAX_STEP_MS);
});
