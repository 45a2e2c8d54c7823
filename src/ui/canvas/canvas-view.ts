import { _, createLogger } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { guard } from '../guard.js';
import { TickWhile } from './tick-while.js';
import type { CanvasPort } from './canvas-port.js';
import { CairoPresenter } from './cairo-presenter.js';
import type { FramePresenter, PresenterKind } from './frame-source.js';
import type { FrameTimings } from './frame-timings.js';
import { GlPresenter } from './gl-presenter.js';
import { MemoryPresenter } from './memory-presenter.js';
import { choosePresenter } from './presenter-choice.js';

const log = createLogger('ui.canvas');

const KEY_PAN_STEP = 80;
const WHEEL_PAN_STEP = 40;
const WHEEL_ZOOM_STEP = 1.15;
const DRAG_THRESHOLD = 4;

/**
 * The canvas in the window: presents the controller's frames (GL, cairo
 * nodes under GTK's cairo renderer, or textures; see presenter-choice.ts)
 * and turns pointer, scroll, pinch and key input into
 * camera and card operations. A frame is requested after input, after data
 * or theme changes (queueFrame), and on every tick while the camera
 * animates; otherwise nothing is drawn.
 */
export class CanvasView {
  readonly widget: GtkT.Box;
  private presenter: FramePresenter;
  private dragMode: 'card' | 'pan' | null = null;
  private dragOrigin = { x: 0, y: 0 };
  private dragLast = { x: 0, y: 0 };
  private pinchScale = 1;
  private pointer = { x: 0, y: 0 };
  private readonly focusListeners = new Set<(id: string | null) => void>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly controller: CanvasPort,
    private readonly onSearch: () => void,
  ) {
    this.widget = new Gtk.Box({ hexpand: true, vexpand: true });
    this.widget.addCssClass('canvas');
    const choice = choosePresenter(process.env);
    if (choice.ignored !== undefined) {
      log.warn('SOVEREIGN_CANVAS_PRESENTER names no presenter (gl, cairo or memory); choosing by the renderer', { value: choice.ignored });
    }
    this.presenter = this.createPresenter(choice.kind);
    this.unsubscribe.push(controller.events.on('selectionChanged', ({ documentId }) => this.announce(documentId)));
    // A frame at every tick while the canvas animates, and no ticks once it is still.
    const animation = new TickWhile(this.widget, () => {
      if (!this.controller.animating) return false;
      this.presenter.queueFrame();
      return true;
    });
    this.unsubscribe.push(controller.events.on('animating', () => animation.start()));
  }

  get presenterKind(): PresenterKind {
    return this.presenter.kind;
  }

  get frames(): number {
    return this.presenter.frames;
  }

  get timings(): FrameTimings {
    return this.presenter.timings;
  }

  /** Called when the selected card changes (click, Tab), for the accessible description. */
  onFocusCard(listener: (id: string | null) => void): () => void {
    this.focusListeners.add(listener);
    return () => this.focusListeners.delete(listener);
  }

  queueFrame(): void {
    this.presenter.queueFrame();
  }

  grabFocus(): void {
    this.presenter.widget.grabFocus();
  }

  /** The widget that receives input and carries the accessible name. */
  get focusTarget(): GtkT.Widget {
    return this.presenter.widget;
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }

  private createPresenter(kind: PresenterKind): FramePresenter {
    const presenter =
      kind === 'gl'
        ? new GlPresenter(this.controller, () => {
            // Without GL, GTK draws with cairo too. Swap from a timer: not inside the realize handler.
            setTimeout(() => this.replacePresenter(this.softwarePresenter('cairo')), 0);
          })
        : this.softwarePresenter(kind);
    this.attach(presenter);
    return presenter;
  }

  /** The cairo presenter, or textures where cairo cannot be bound. */
  private softwarePresenter(kind: 'cairo' | 'memory'): FramePresenter {
    if (kind === 'cairo') {
      try {
        return new CairoPresenter(this.controller);
      } catch (error) {
        log.warn('cannot present the canvas with cairo; drawing with textures instead', { error });
      }
    }
    return new MemoryPresenter(this.controller);
  }

  private replacePresenter(next: FramePresenter): void {
    this.widget.remove(this.presenter.widget);
    this.presenter = next;
    this.attach(next);
    log.info('canvas presenter', { kind: next.kind });
  }

  private attach(presenter: FramePresenter): void {
    const target = presenter.widget;
    target.setHexpand(true);
    target.setVexpand(true);
    target.setFocusable(true);
    setAccessibleLabel(target, _('Timeline canvas'));
    this.widget.append(target);
    this.addInput(target);
  }

  private addInput(target: GtkT.Widget): void {
    const click = new Gtk.GestureClick({ button: 1 });
    click.on('pressed', guard('canvas.click', undefined, (count: number, x: number, y: number) => {
      target.grabFocus();
      // The second press of a double click opens; the first already selected.
      this.controller.clickAt(x, y, { double: count === 2 });
      this.presenter.queueFrame();
    }));
    target.addController(click);

    const drag = new Gtk.GestureDrag({ button: 1 });
    drag.on('drag-begin', guard('canvas.drag-begin', undefined, (x: number, y: number) => {
      this.dragOrigin = { x, y };
      this.dragLast = { x: 0, y: 0 };
      this.dragMode = null;
    }));
    drag.on('drag-update', guard('canvas.drag-update', undefined, (dx: number, dy: number) => this.dragTo(dx, dy)));
    drag.on('drag-end', guard('canvas.drag-end', undefined, (dx: number, dy: number) => {
      this.dragTo(dx, dy);
      if (this.dragMode === 'card') this.controller.endDrag();
      this.dragMode = null;
      this.presenter.queueFrame();
    }));
    target.addController(drag);

    const scroll = new Gtk.EventControllerScroll({ flags: Gtk.EventControllerScrollFlags.BOTH_AXES });
    scroll.on('scroll', guard('canvas.scroll', true, (dx: number, dy: number) => {
      const state = scroll.getCurrentEventState();
      const ctrl = (state & Gdk.ModifierType.CONTROL_MASK) !== 0;
      const shift = (state & Gdk.ModifierType.SHIFT_MASK) !== 0;
      // A plain wheel zooms about the pointer (the timeline is wide, not tall);
      // Shift+wheel and touchpads' horizontal scrolling pan.
      if (ctrl || (dx === 0 && !shift)) {
        this.controller.zoomAt(this.pointer.x, this.pointer.y, Math.pow(WHEEL_ZOOM_STEP, -dy));
      } else {
        this.controller.panBy(-(shift ? dy : dx) * WHEEL_PAN_STEP, shift ? 0 : -dy * WHEEL_PAN_STEP);
      }
      this.presenter.queueFrame();
      return true;
    }));
    target.addController(scroll);

    const zoom = new Gtk.GestureZoom();
    zoom.on('begin', guard('canvas.pinch-begin', undefined, () => {
      this.pinchScale = 1;
    }));
    zoom.on('scale-changed', guard('canvas.pinch', undefined, (scale: number) => {
      const [, cx, cy] = zoom.getBoundingBoxCenter();
      this.controller.zoomAt(cx, cy, scale / this.pinchScale);
      this.pinchScale = scale;
      this.presenter.queueFrame();
    }));
    target.addController(zoom);

    const motion = new Gtk.EventControllerMotion();
    motion.on('motion', guard('canvas.motion', undefined, (x: number, y: number) => {
      this.pointer = { x, y };
      if (this.dragMode) return;
      const before = this.controller.hoverAt(x, y);
      target.setCursorFromName(before.kind === 'card' || before.kind === 'minimap' || before.kind === 'thread-label' ? 'pointer' : 'default');
      this.presenter.queueFrame();
    }));
    motion.on('leave', guard('canvas.leave', undefined, () => {
      this.controller.clearHover();
      this.presenter.queueFrame();
    }));
    target.addController(motion);

    const keys = new Gtk.EventControllerKey();
    keys.on('key-pressed', guard('canvas.key', false, (keyval: number, _code: number, state: number) => this.key(keyval, state)));
    target.addController(keys);
  }

  private dragTo(dx: number, dy: number): void {
    if (this.dragMode === null) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      this.dragMode = this.controller.beginDrag(this.dragOrigin.x, this.dragOrigin.y) ? 'card' : 'pan';
    }
    if (this.dragMode === 'card') {
      this.controller.dragTo(this.dragOrigin.x + dx, this.dragOrigin.y + dy);
    } else {
      this.controller.panBy(dx - this.dragLast.x, dy - this.dragLast.y);
    }
    this.dragLast = { x: dx, y: dy };
    this.presenter.queueFrame();
  }

  private key(keyval: number, state: number): boolean {
    const ctrl = (state & Gdk.ModifierType.CONTROL_MASK) !== 0;
    const shift = (state & Gdk.ModifierType.SHIFT_MASK) !== 0;
    switch (keyval) {
      case Gdk.KEY_Left:
        this.controller.panBy(KEY_PAN_STEP, 0);
        break;
      case Gdk.KEY_Right:
        this.controller.panBy(-KEY_PAN_STEP, 0);
        break;
      case Gdk.KEY_Up:
        this.controller.panBy(0, KEY_PAN_STEP);
        break;
      case Gdk.KEY_Down:
        this.controller.panBy(0, -KEY_PAN_STEP);
        break;
      case Gdk.KEY_plus:
      case Gdk.KEY_equal:
      case Gdk.KEY_KP_Add:
        this.controller.zoomIn();
        break;
      case Gdk.KEY_minus:
      case Gdk.KEY_KP_Subtract:
        this.controller.zoomOut();
        break;
      case Gdk.KEY_Home:
        this.controller.goToNow({ animate: true });
        break;
      case Gdk.KEY_slash:
        this.onSearch();
        return true;
      case Gdk.KEY_Tab:
      case Gdk.KEY_ISO_Left_Tab:
        if (ctrl) return false;
        if (shift || keyval === Gdk.KEY_ISO_Left_Tab) this.controller.selectPrevious();
        else this.controller.selectNext();
        break;
      case Gdk.KEY_Return:
      case Gdk.KEY_KP_Enter:
        if (!this.controller.selectedId) return false;
        this.controller.activateSelected();
        break;
      default:
        return false;
    }
    this.presenter.queueFrame();
    return true;
  }

  private announce(id: string | null): void {
    for (const listener of this.focusListeners) listener(id);
  }
}
