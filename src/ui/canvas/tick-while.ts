import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { guard } from '../guard.js';

/**
 * A tick callback on a widget that stays only while `step` says more frames
 * are wanted. A tick callback that stayed would keep the window's frame
 * clock at the display's rate while nothing moves: CPU spent for nothing,
 * and every keystroke in an editor waiting up to a frame for the next tick.
 */
export class TickWhile {
  private ticking = false;

  /** `step` runs at each tick and returns whether to tick again. */
  constructor(
    private readonly widget: GtkT.Widget,
    private readonly step: () => boolean,
  ) {}

  /** Ticks from the next frame on, until `step` returns false (nothing when already ticking). */
  start(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.widget.addTickCallback(guard('canvas.tick', false, () => {
      // Cleared first: a step that throws ends the ticks (guard answers false), and the next start() adds them again.
      this.ticking = false;
      this.ticking = this.step();
      return this.ticking;
    }));
  }
}
