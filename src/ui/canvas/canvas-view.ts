import { _, createLogger } from '../../core/index.js';
import type * as GdkT from 'node-gtk/types/Gdk-4.0.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gdk, Gtk } from '../gi.js';
import { setAccessibleLabel } from '../accessible.js';
import { guard } from '../guard.js';
import type { CanvasPort } from './canvas-port.js';
import type { FramePresenter } from './frame-source.js';
import { GlPresenter } from './gl-presenter.js';
import { MemoryPresenter } from './memory-presenter.js';

const log = createLogger('ui.canvas');

const KEY_PAN_STEP = 80;
const WHEEL_ZOOM_STEP = 1.15;
const DRAG_THRESHOLD = 4;

/**
 * The canvas in the window: presents the engine's frames (GL, or textures
 * when GL is missing) and turns pointer, scroll, pinch and key input into
 * camera and card operations. Frames are drawn only when the engine says
 * something changed or while it animates.
 */
export class CanvasView {
  readonly widget: GtkT.Box;
  private presenter: FramePresenter;
  private dragStart: { x: number; y: number; cardId: string | null } | null = null;
  private dragLast = { x: 0, y: 0 };
  private dragging = false;
  private pinchScale = 1;
  private pointer = { x: 0, y: 0 };
  private readonly focusListeners = new Set<(id: string | null) => void>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly engine: CanvasPort,
    private readonly onOpen: (id: string) => void,
    private readonly onSearch: () => void,
  ) {
    this.widget = new Gtk.Box({ hexpand: true, vexpand: true });
    this.widget.addCssClass('canvas');
    this.presenter = this.createPresenter(process.env['SOVEREIGN_CANVAS_PRESENTER'] === 'memory');
    this.unsubscribe.push(engine.on('invalidated', () => this.presenter.queueFrame()));
    this.unsubscribe.push(engine.on('viewportChanged', () => this.presenter.queueFrame()));
    this.widget.addTickCallback(guard('canvas.tick', true, (_widget: GtkT.Widget, clock: GdkT.FrameClock) => {
      if (this.engine.animating) {
        this.engine.tick(Number(clock.getFrameTime()));
        this.presenter.queueFrame();
      }
      return true;
    }));
  }

  get presenterKind(): 'gl' | 'memory' {
    return this.presenter.kind;
  }

  get frames(): number {
    return this.presenter.frames;
  }

  /** Called when keyboard focus moves to a card, for the accessible name. */
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

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }

  private createPresenter(memory: boolean): FramePresenter {
    const presenter = memory
      ? new MemoryPresenter(this.engine.frames)
      : new GlPresenter(this.engine.frames, () => {
          // Swap in the texture presenter from an idle: not inside the realize handler.
          setTimeout(() => this.replacePresenter(new MemoryPresenter(this.engine.frames)), 0);
        });
    this.attach(presenter);
    return presenter;
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
    target.setTooltipText(null);
    this.widget.append(target);
    this.addInput(target);
  }

  private addInput(target: GtkT.Widget): void {
    const click = new Gtk.GestureClick({ button: 1 });
    click.on('pressed', guard('canvas.click', undefined, (count: number, x: number, y: number) => {
      target.grabFocus();
      const hit = this.engine.hitTest(x, y);
      if (hit.kind === 'minimap') {
        this.engine.jumpToMinimap(hit.x, hit.y);
      } else if (hit.kind === 'card') {
        this.engine.select(hit.id);
        this.announce(hit.id);
        if (count === 2) this.onOpen(hit.id);
      } else if (count === 1) {
        this.engine.select(null);
        this.announce(null);
      }
      this.presenter.queueFrame();
    }));
    target.addController(click);

    const drag = new Gtk.GestureDrag({ button: 1 });
    drag.on('drag-begin', guard('canvas.drag-begin', undefined, (x: number, y: number) => {
      const hit = this.engine.hitTest(x, y);
      this.dragStart = { x, y, cardId: hit.kind === 'card' ? hit.id : null };
      this.dragLast = { x: 0, y: 0 };
      this.dragging = false;
    }));
    drag.on('drag-update', guard('canvas.drag-update', undefined, (dx: number, dy: number) => this.dragTo(dx, dy, false)));
    drag.on('drag-end', guard('canvas.drag-end', undefined, (dx: number, dy: number) => {
      this.dragTo(dx, dy, true);
      this.dragStart = null;
      this.dragging = false;
    }));
    target.addController(drag);

    const scroll = new Gtk.EventControllerScroll({ flags: Gtk.EventControllerScrollFlags.BOTH_AXES });
    scroll.on('scroll', guard('canvas.scroll', true, (dx: number, dy: number) => {
      const state = scroll.getCurrentEventState();
      const zoom = (state & Gdk.ModifierType.CONTROL_MASK) !== 0 || dx === 0;
      if (zoom && (state & Gdk.ModifierType.SHIFT_MASK) === 0) {
        this.engine.zoomAt(this.pointer.x, this.pointer.y, Math.pow(WHEEL_ZOOM_STEP, -dy));
      } else {
        this.engine.panBy(-dx * KEY_PAN_STEP * 0.5, -dy * KEY_PAN_STEP * 0.5);
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
      this.engine.zoomAt(cx, cy, scale / this.pinchScale);
      this.pinchScale = scale;
      this.presenter.queueFrame();
    }));
    target.addController(zoom);

    const motion = new Gtk.EventControllerMotion();
    motion.on('motion', guard('canvas.motion', undefined, (x: number, y: number) => {
      this.pointer = { x, y };
      if (this.dragStart) return;
      const hit = this.engine.hitTest(x, y);
      this.engine.hover(hit.kind === 'card' ? hit.id : null);
      target.setCursorFromName(hit.kind === 'card' || hit.kind === 'minimap' ? 'pointer' : 'default');
      this.presenter.queueFrame();
    }));
    motion.on('leave', guard('canvas.leave', undefined, () => {
      this.engine.hover(null);
      this.presenter.queueFrame();
    }));
    target.addController(motion);

    const keys = new Gtk.EventControllerKey();
    keys.on('key-pressed', guard('canvas.key', false, (keyval: number, _code: number, state: number) => this.key(keyval, state)));
    target.addController(keys);
  }

  private dragTo(dx: number, dy: number, end: boolean): void {
    const start = this.dragStart;
    if (!start) return;
    if (!this.dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    this.dragging = true;
    const stepX = dx - this.dragLast.x;
    const stepY = dy - this.dragLast.y;
    this.dragLast = { x: dx, y: dy };
    if (start.cardId) this.engine.dragCard(start.cardId, stepX, stepY, end);
    else this.engine.panBy(stepX, stepY);
    this.presenter.queueFrame();
  }

  private key(keyval: number, state: number): boolean {
    const ctrl = (state & Gdk.ModifierType.CONTROL_MASK) !== 0;
    const shift = (state & Gdk.ModifierType.SHIFT_MASK) !== 0;
    const width = this.widget.getWidth();
    const height = this.widget.getHeight();
    switch (keyval) {
      case Gdk.KEY_Left:
        this.engine.panBy(KEY_PAN_STEP, 0);
        break;
      case Gdk.KEY_Right:
        this.engine.panBy(-KEY_PAN_STEP, 0);
        break;
      case Gdk.KEY_Up:
        this.engine.panBy(0, KEY_PAN_STEP);
        break;
      case Gdk.KEY_Down:
        this.engine.panBy(0, -KEY_PAN_STEP);
        break;
      case Gdk.KEY_plus:
      case Gdk.KEY_equal:
      case Gdk.KEY_KP_Add:
        this.engine.zoomAt(width / 2, height / 2, WHEEL_ZOOM_STEP);
        break;
      case Gdk.KEY_minus:
      case Gdk.KEY_KP_Subtract:
        this.engine.zoomAt(width / 2, height / 2, 1 / WHEEL_ZOOM_STEP);
        break;
      case Gdk.KEY_slash:
        this.onSearch();
        return true;
      case Gdk.KEY_Home:
        this.engine.goToNow({ animate: true });
        break;
      case Gdk.KEY_Tab:
      case Gdk.KEY_ISO_Left_Tab: {
        if (ctrl) return false;
        const next = this.engine.neighbour(this.engine.selected, shift || keyval === Gdk.KEY_ISO_Left_Tab ? -1 : 1);
        if (!next) return false;
        this.engine.select(next);
        this.engine.navigateToDocument(next, { animate: true });
        this.announce(next);
        break;
      }
      case Gdk.KEY_Return:
      case Gdk.KEY_KP_Enter:
        if (!this.engine.selected) return false;
        this.onOpen(this.engine.selected);
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
