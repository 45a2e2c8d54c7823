/**
 * Where an image sits in the viewer: pure arithmetic, no GTK, so it can be
 * tested alone. Lengths are logical pixels (GTK's units); the image's own
 * unit is a pixel of the decoded rendition.
 */

export type Rotation = 0 | 90 | 180 | 270;

export interface ImageView {
  /** Logical pixels per rendition pixel. */
  zoom: number;
  /** Clockwise quarter turns of the view (the file is never changed). */
  rotation: Rotation;
  /** The image centre's offset from the viewport centre. */
  panX: number;
  panY: number;
}

export interface Size {
  width: number;
  height: number;
}

// From a 4096 px rendition of a 50 MP photo at 2 % to single pixels the size of a thumb.
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 32;
/** One +/- step: four steps double or halve (1.25^3 ≈ 2 felt too coarse, 1.1 too slow by key). */
export const ZOOM_STEP = 1.25;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The image's size on screen at zoom 1, after the view's rotation. */
export function turnedSize(image: Size, rotation: Rotation): Size {
  return rotation % 180 === 0 ? image : { width: image.height, height: image.width };
}

/** The whole image, centred, as large as the viewport allows. */
export function fitView(image: Size, viewport: Size, rotation: Rotation): ImageView {
  const turned = turnedSize(image, rotation);
  const zoom = clampZoom(Math.min(viewport.width / Math.max(1, turned.width), viewport.height / Math.max(1, turned.height)));
  return { zoom, rotation, panX: 0, panY: 0 };
}

/**
 * The zoom at which one pixel of the original file is one device pixel.
 * The rendition may be smaller than the original (longest side 4096), and
 * on a HiDPI screen one logical pixel is `scaleFactor` device pixels.
 */
export function actualSizeZoom(renditionWidth: number, originalWidth: number, scaleFactor: number): number {
  return clampZoom(originalWidth / Math.max(1, renditionWidth) / Math.max(1, scaleFactor));
}

/** Zooms to `zoom` keeping the image point under `at` (viewport coordinates) where it is. */
export function zoomAt(view: ImageView, zoom: number, at: { x: number; y: number }, viewport: Size): ImageView {
  const next = clampZoom(zoom);
  const ratio = next / view.zoom;
  const fromCentreX = at.x - viewport.width / 2;
  const fromCentreY = at.y - viewport.height / 2;
  return { ...view, zoom: next, panX: fromCentreX - (fromCentreX - view.panX) * ratio, panY: fromCentreY - (fromCentreY - view.panY) * ratio };
}

/** A quarter turn clockwise about the viewport centre. */
export function rotateClockwise(view: ImageView): ImageView {
  // Screen y points down: (x, y) turns to (-y, x).
  return { ...view, rotation: (((view.rotation + 90) % 360) as Rotation), panX: -view.panY, panY: view.panX };
}

/**
 * The view as a transform in the syntax Gsk.Transform.parse reads (CSS
 * functions, but bare numbers: "translate(10px, 0)" and "rotate(90deg)" are
 * refused) for an image laid out at (0, 0) in its rendition size. Read
 * right to left: centre the image on the origin, scale, rotate, move to the
 * viewport centre plus pan.
 */
export function viewTransform(view: ImageView, image: Size, viewport: Size): string {
  const r = (n: number) => Number(n.toFixed(4));
  return (
    `translate(${r(viewport.width / 2 + view.panX)}, ${r(viewport.height / 2 + view.panY)}) ` +
    `rotate(${view.rotation}) scale(${r(view.zoom)}) translate(${r(-image.width / 2)}, ${r(-image.height / 2)})`
  );
}
