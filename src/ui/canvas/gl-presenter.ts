import { createLogger } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from '../gi.js';
import { guard } from '../guard.js';
import { createBlitProgram, type BlitProgram } from './blit-program.js';
import type { FramePresenter, FrameSource } from './frame-source.js';
import { FrameTimings } from './frame-timings.js';
import { GL, loadGl, type GlFunctions } from './gl.js';

const log = createLogger('ui.canvas.gl');

/**
 * Presents frames in a Gtk.GLArea: one texture, re-filled with
 * glTexSubImage2D straight from the WASM heap when the frame changed, drawn
 * with one full-screen triangle. The texture is sized in device pixels from
 * the area's own resize signal. `onUnavailable` is called (once) when GL
 * cannot be used, so the view can switch to the texture fallback.
 */
export class GlPresenter implements FramePresenter {
  readonly kind = 'gl';
  readonly widget: GtkT.GLArea;
  frames = 0;
  readonly timings = new FrameTimings();
  private gl: GlFunctions | undefined;
  private program: BlitProgram | undefined;
  private texture = 0;
  private textureWidth = 0;
  private textureHeight = 0;
  private failed = false;

  constructor(
    private readonly source: FrameSource,
    private readonly onUnavailable: (reason: string) => void,
  ) {
    // The texture is uploaded as GL_RGBA (GL ES has BGRA only as an extension).
    source.setPixelOrder?.('rgba');
    const area = new Gtk.GLArea({ hexpand: true, vexpand: true, focusable: true, canFocus: true });
    area.setAutoRender(false);
    area.setHasDepthBuffer(false);
    area.setHasStencilBuffer(false);
    this.widget = area;
    area.on('realize', guard('canvas.realize', undefined, () => this.realize()));
    area.on('unrealize', guard('canvas.unrealize', undefined, () => this.unrealize()));
    area.on('resize', guard('canvas.resize', undefined, (width: number, height: number) => this.resize(width, height)));
    area.on('render', guard('canvas.render', true, () => this.render()));
  }

  queueFrame(): void {
    if (!this.failed) this.widget.queueRender();
  }

  private realize(): void {
    const area = this.widget;
    area.makeCurrent();
    const error = area.getError();
    if (error) return this.fail(error.message ?? 'no GL context');
    try {
      this.gl = loadGl();
      this.program = createBlitProgram(this.gl, area.getUseEs());
      this.texture = this.gl.genTexture();
      this.gl.bindTexture(GL.TEXTURE_2D, this.texture);
      for (const [name, value] of [
        [GL.TEXTURE_MIN_FILTER, GL.NEAREST],
        [GL.TEXTURE_MAG_FILTER, GL.NEAREST],
        [GL.TEXTURE_WRAP_S, GL.CLAMP_TO_EDGE],
        [GL.TEXTURE_WRAP_T, GL.CLAMP_TO_EDGE],
      ] as const) {
        this.gl.texParameteri(GL.TEXTURE_2D, name, value);
      }
      this.textureWidth = this.textureHeight = 0;
      log.debug('GL canvas realized', { es: area.getUseEs() });
    } catch (cause) {
      this.fail((cause as Error).message);
    }
  }

  private unrealize(): void {
    if (!this.gl) return;
    this.widget.makeCurrent();
    this.program?.dispose();
    if (this.texture) this.gl.deleteTexture(this.texture);
    this.program = undefined;
    this.texture = 0;
  }

  private resize(width: number, height: number): void {
    // GLArea reports its size in framebuffer (device) pixels.
    this.source.resize(Math.max(1, width), Math.max(1, height), this.widget.getScaleFactor());
  }

  private render(): boolean {
    const gl = this.gl;
    if (!gl || !this.program || this.failed) return true;
    const start = performance.now();
    const changed = this.source.render();
    const width = this.source.widthPx;
    const height = this.source.heightPx;
    gl.activeTexture(GL.TEXTURE0);
    gl.bindTexture(GL.TEXTURE_2D, this.texture);
    gl.pixelStorei(GL.UNPACK_ALIGNMENT, 4);
    if (width !== this.textureWidth || height !== this.textureHeight) {
      gl.texImage2D(GL.TEXTURE_2D, 0, GL.RGBA8, width, height, 0, GL.RGBA, GL.UNSIGNED_BYTE, this.source.pixels());
      this.textureWidth = width;
      this.textureHeight = height;
    } else if (changed) {
      gl.texSubImage2D(GL.TEXTURE_2D, 0, 0, 0, width, height, GL.RGBA, GL.UNSIGNED_BYTE, this.source.pixels());
    }
    gl.viewport(0, 0, width, height);
    gl.disable(GL.BLEND);
    gl.useProgram(this.program.program);
    gl.bindVertexArray(this.program.vertexArray);
    gl.drawArrays(GL.TRIANGLES, 0, 3);
    this.frames++;
    this.timings.record(performance.now() - start);
    return true;
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    log.warn('GL is unavailable for the canvas; drawing with textures instead', { reason });
    this.onUnavailable(reason);
  }
}
