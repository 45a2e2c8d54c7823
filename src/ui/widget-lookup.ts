import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';

/** A button the test probe points at: found by its label or its tooltip. */
export interface ButtonQuery {
  label?: string;
  tooltip?: string;
}

/**
 * Where a visible button is, as a point in its window's surface (client-side
 * shadows included), or null when none is shown. For the test probe: a test
 * clicks where the person would, on a widget GTK laid out, rather than at a
 * guessed offset (a toast's Open button moves with its title's length).
 */
export function buttonCenter(window: GtkT.Window, root: GtkT.Widget, query: ButtonQuery): { x: number; y: number } | null {
  const button = findButton(root, query);
  if (!button) return null;
  const [ok, x, y] = button.translateCoordinates(window, button.getWidth() / 2, button.getHeight() / 2);
  if (!ok) return null;
  const [sx, sy] = window.getSurfaceTransform();
  return { x: x + sx, y: y + sy };
}

/** GtkButton and its kin, and GtkMenuButton (whose tooltip is on the outer widget). */
const BUTTON_NODES = new Set(['button', 'menubutton']);

function findButton(widget: GtkT.Widget, query: ButtonQuery): GtkT.Widget | undefined {
  if (!widget.getMapped()) return undefined;
  const label = (widget as Partial<GtkT.Button>).getLabel?.();
  if (BUTTON_NODES.has(widget.getCssName()) && ((query.label !== undefined && label === query.label) || (query.tooltip !== undefined && widget.getTooltipText() === query.tooltip))) {
    return widget;
  }
  for (let child = widget.getFirstChild(); child; child = child.getNextSibling()) {
    const found = findButton(child, query);
    if (found) return found;
  }
  return undefined;
}
