import type { CanvasController } from '../../canvas/canvas-controller.js';

export type { CanvasEvents } from '../../canvas/canvas-controller.js';
export type { Viewport } from '../../canvas/kernels/camera.js';

/**
 * The part of the CanvasController (src/canvas) the window
 * drives: it is the frame source and takes the translated input. Named as a
 * subset so the presentation path can be tested with a plain surface too.
 */
export type CanvasPort = Pick<
  CanvasController,
  | 'events'
  | 'resize'
  | 'render'
  | 'pixels'
  | 'widthPx'
  | 'heightPx'
  | 'animating'
  | 'panBy'
  | 'zoomAt'
  | 'zoomIn'
  | 'zoomOut'
  | 'goToNow'
  | 'hoverAt'
  | 'clearHover'
  | 'clickAt'
  | 'hitTest'
  | 'beginDrag'
  | 'dragTo'
  | 'endDrag'
  | 'selectNext'
  | 'selectPrevious'
  | 'activateSelected'
  | 'selectedId'
  | 'select'
  | 'navigateToDocument'
  | 'zoomToThread'
  | 'showTimeRange'
  | 'getViewport'
  | 'getViewportTarget'
  | 'setViewport'
  | 'setTheme'
  | 'playIngest'
  | 'ingest'
  | 'thumbnailStates'
  | 'cardRect'
  | 'linksInView'
  | 'dispose'
>;
