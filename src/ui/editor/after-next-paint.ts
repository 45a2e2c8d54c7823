import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { guard } from '../guard.js';

/**
 * Calls back once, after the next frame that GTK paints for the widget's
 * window: the moment a change is on screen (for the editor's latency
 * figures). `paintMs` is how long that frame's own work took, from the
 * frame clock's before-paint to its after-paint (style, layout, snapshot
 * and render: GTK's native share of a keystroke, apart from the wait for
 * the frame and the JavaScript before it). Nothing happens when the widget
 * is not in a realized window.
 */
export function afterNextPaint(widget: GtkT.Widget, callback: (paintMs: number) => void): void {
  const clock = widget.getFrameClock();
  if (!clock) return;
  let paintStartedAt: number | undefined;
  const started = guard('editor.before-paint', undefined, () => {
    paintStartedAt ??= performance.now();
  });
  const painted = guard('editor.after-paint', undefined, () => {
    clock.off('before-paint', started);
    clock.off('after-paint', painted);
    const now = performance.now();
    callback(now - (paintStartedAt ?? now));
  });
  clock.on('before-paint', started);
  clock.on('after-paint', painted);
  widget.queueDraw();
}
