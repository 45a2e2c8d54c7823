import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { boundsIn, findWidget } from './widget-bounds.js';

/** A button the test probe points at: found by its label or its tooltip. */
export interface ButtonQuery {
  label?: string;
  tooltip?: string;
}

/** GtkButton and its kin, and GtkMenuButton (whose tooltip is on the outer widget). */
const BUTTON_NODES = new Set(['button', 'menubutton']);

function isButtonFor(widget: GtkT.Widget, query: ButtonQuery): boolean {
  if (!BUTTON_NODES.has(widget.getCssName())) return false;
  const label = (widget as Partial<GtkT.Button>).getLabel?.();
  return (query.label !== undefined && label === query.label) || (query.tooltip !== undefined && widget.getTooltipText() === query.tooltip);
}

/**
 * Where a visible button is, as a point in its window's surface (client-side
 * shadows included), or null when none is shown. For the test probe: a test
 * clicks where the person would, on a widget GTK laid out, rather than at a
 * guessed offset (a toast's Open button moves with its title's length).
 */
export function buttonCenter(window: GtkT.Window, root: GtkT.Widget, query: ButtonQuery): { x: number; y: number } | null {
  const button = findWidget(root, (widget) => isButtonFor(widget, query));
  const bounds = button && boundsIn(button, window);
  if (!bounds) return null;
  const [sx, sy] = window.getSurfaceTransform();
  return { x: bounds.x + bounds.width / 2 + sx, y: bounds.y + bounds.height / 2 + sy };
}
