import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { guard } from '../guard.js';

/**
 * Calls back once, after the next frame that GTK paints for the widget's
 * window: the moment a change is on screen (for the editor's latency
 * figures). Nothing happens when the widget is not in a realized window.
 */
export function afterNextPaint(widget: GtkT.Widget, callback: () => void): void {
  const clock = widget.getFrameClock();
  if (!clock) return;
  const painted = guard('editor.after-paint', undefined, () => {
    clock.off('after-paint', painted);
    callback();
  });
  clock.on('after-paint', painted);
  widget.queueDraw();
}
