import { createLogger } from '../core/index.js';
import { Gdk } from './gi.js';
import { GL, loadGl } from './canvas/gl.js';

const log = createLogger('ui.renderer');

/** Mesa's CPU rasterisers (what Xvfb, VMs and GPU-less machines get). */
const SOFTWARE_GL = /llvmpipe|softpipe|swrast|software rasterizer/i;

/**
 * Picks GTK's cairo renderer when its OpenGL is a software rasteriser.
 *
 * Why: under Mesa llvmpipe, GSK's GL renderer recomposites the window on
 * the CPU through shaders; with a document panel open every frame cost
 * 120-200 ms of paint on the 2-core machine (a keystroke took ~190 ms to
 * reach the screen), against ~8 ms with the cairo renderer in the same run.
 * The canvas follows: under the cairo renderer it is presented as cairo
 * nodes, not as a GLArea whose texture GTK would read back on every repaint
 * (see canvas/presenter-choice.ts). A GSK_RENDERER the user set is
 * respected; a real GPU keeps the GL renderer. On a machine with no GPU
 * device at all, GL was already turned off before GTK started
 * (gpu-devices.ts) and GSK_RENDERER set, so this asks nothing.
 *
 * Must run before the first window is realized: GTK reads GSK_RENDERER once,
 * when it creates the first surface's renderer.
 */
export function preferCairoOnSoftwareGl(): void {
  if (process.env['GSK_RENDERER']) return;
  const renderer = glRendererName();
  if (renderer === undefined || !SOFTWARE_GL.test(renderer)) return;
  log.info('software OpenGL: drawing the window with the cairo renderer', { renderer });
  // Node's process.env writes through to the C environment GTK reads with g_getenv.
  process.env['GSK_RENDERER'] = 'cairo';
}

/** GL_RENDERER of a GL context made on the default display, or undefined when GL is unavailable. */
function glRendererName(): string | undefined {
  try {
    const display = Gdk.Display.getDefault();
    if (!display) return undefined;
    const context = display.createGlContext();
    context.realize();
    context.makeCurrent();
    try {
      return loadGl().getString(GL.RENDERER) ?? undefined;
    } finally {
      Gdk.GLContext.clearCurrent();
    }
  } catch (error) {
    // No GL at all: GTK falls back to cairo by itself.
    log.debug('could not ask OpenGL for its renderer', { error });
    return undefined;
  }
}
