import assert from 'node:assert/strict';
import { test } from 'node:test';
import gi from 'node-gtk';
import { actualSizeZoom, fitView, MAX_ZOOM, rotateClockwise, viewTransform, zoomAt, type ImageView } from '../../../src/ui/image-viewer/view-geometry.js';
import { metadataRows } from '../../../src/ui/image-viewer/metadata-rows.js';

// The transform is checked through GSK itself: parsed as GTK will, then
// read back as a 2D matrix (numbers only: Graphene points returned from
// node-gtk are freed twice at garbage collection).
const Gsk = gi.require('Gsk', '4.0');

function matrixOf(transformText: string): [number, number, number, number, number, number] {
  const [ok, transform] = Gsk.Transform.parse(transformText);
  assert.ok(ok, `GSK parses ${transformText}`);
  return transform.to2D() as unknown as [number, number, number, number, number, number];
}

const round = (n: number) => Math.round(n * 1000) / 1000 + 0; // + 0 turns -0 into 0

/** Where GSK puts an image point on screen. */
function mapped(transformText: string, x: number, y: number): { x: number; y: number } {
  const [xx, yx, xy, yy, dx, dy] = matrixOf(transformText);
  return { x: round(xx * x + xy * y + dx), y: round(yx * x + yy * y + dy) };
}

/** Which image point GSK puts at a screen point. */
function under(transformText: string, x: number, y: number): { x: number; y: number } {
  const [xx, yx, xy, yy, dx, dy] = matrixOf(transformText);
  const det = xx * yy - xy * yx;
  const sx = x - dx;
  const sy = y - dy;
  return { x: (yy * sx - xy * sy) / det, y: (xx * sy - yx * sx) / det };
}

const image = { width: 400, height: 200 };
const viewport = { width: 300, height: 300 };

test('fit shows the whole image as large as the viewport allows, also turned a quarter', () => {
  assert.deepEqual(fitView(image, viewport, 0), { zoom: 0.75, rotation: 0, panX: 0, panY: 0 });
  // Turned, the 400 px side is upright: 300 / 400.
  assert.equal(fitView(image, { width: 600, height: 300 }, 90).zoom, 0.75);
});

test('a fitted image fills the viewport from edge to edge on screen', () => {
  const transform = viewTransform(fitView(image, viewport, 0), image, viewport);
  assert.deepEqual(mapped(transform, 0, 0), { x: 0, y: 75 });
  assert.deepEqual(mapped(transform, 400, 200), { x: 300, y: 225 });
});

test('a view turned clockwise puts the image’s top-left corner at the top-right', () => {
  const view = fitView(image, { width: 200, height: 400 }, 90);
  const transform = viewTransform(view, image, { width: 200, height: 400 });
  assert.deepEqual(mapped(transform, 0, 0), { x: 200, y: 0 });
  assert.deepEqual(mapped(transform, 400, 200), { x: 0, y: 400 });
});

test('zooming about a point keeps the image point under it in place', () => {
  const before: ImageView = { zoom: 0.5, rotation: 90, panX: 12, panY: -7 };
  const at = { x: 220, y: 80 };
  const after = zoomAt(before, 2, at, viewport);
  // Which image point was under the pointer before, and where it is now.
  const point = under(viewTransform(before, image, viewport), at.x, at.y);
  assert.deepEqual(mapped(viewTransform(after, image, viewport), point.x, point.y), at);
  assert.equal(after.zoom, 2);
  assert.equal(zoomAt(before, 1e6, at, viewport).zoom, MAX_ZOOM);
});

test('turning the view keeps the point at the viewport centre at the centre', () => {
  const view: ImageView = { zoom: 1, rotation: 0, panX: 40, panY: 10 };
  const centre = { x: 150, y: 150 };
  const point = under(viewTransform(view, image, viewport), centre.x, centre.y);
  assert.deepEqual(mapped(viewTransform(rotateClockwise(view), image, viewport), point.x, point.y), centre);
});

test('actual size shows one pixel of the original file per device pixel', () => {
  // A 4096 px rendition of an 8192 px photo on a 2x screen: each rendition pixel is 2 original pixels = 2 device pixels = 1 logical pixel.
  assert.equal(actualSizeZoom(4096, 8192, 2), 1);
  assert.equal(actualSizeZoom(1000, 1000, 1), 1);
  assert.equal(actualSizeZoom(1000, 1000, 2), 0.5);
});

test('the metadata panel lists the camera once, the date as written and the location as sensitive', () => {
  const rows = metadataRows({
    width: 4000,
    height: 3000,
    format: 'jpeg',
    fileSize: 2_345_678,
    cameraMake: 'NIKON CORPORATION',
    cameraModel: 'NIKON D750',
    takenAt: new Date('2024-05-17T14:30:05Z'),
    location: { latitude: -33.856784, longitude: 151.215297, sensitive: true },
  });
  const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
  assert.equal(byKey['dimensions']?.value, '4000 × 3000 pixels');
  assert.equal(byKey['size']?.value, '2.3 MB');
  assert.equal(byKey['camera']?.value, 'NIKON CORPORATION NIKON D750');
  assert.match(byKey['taken']?.value ?? '', /2024.*2:30/);
  assert.equal(byKey['location']?.value, '33.85678° S, 151.21530° E');
  assert.deepEqual(rows.filter((row) => row.sensitive).map((row) => row.key), ['location']);
  const plain = metadataRows({ width: 10, height: 10, format: 'png', fileSize: 512, cameraMake: 'Canon', cameraModel: 'Canon EOS R5', takenAt: null, location: null });
  assert.deepEqual(plain.map((row) => row.key), ['dimensions', 'size', 'format', 'camera']);
  assert.equal(plain.find((row) => row.key === 'camera')?.value, 'Canon EOS R5');
  assert.equal(plain.find((row) => row.key === 'size')?.value, '512 bytes');
});
