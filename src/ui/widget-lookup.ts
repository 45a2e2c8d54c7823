import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { boundsIn, findWidget } from './widget-bounds.js';

/** The widget each (root, query) found last, per root: the probe's answers, kept between its writes. */
const remembered = new WeakMap<GtkT.Widget, Map<string, GtkT.Widget>>();

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
  const button = findRemembered(root, `button ${query.label ?? ''}\u0000${query.tooltip ?? ''}`, (widget) => isButtonFor(widget, query));
  const bounds = button && boundsIn(button, window);
  if (!bounds) return null;
  const [sx, sy] = window.getSurfaceTransform();
  return { x: bounds.x + bounds.width / 2 + sx, y: bounds.y + bounds.height / 2 + sy };
}

/**
 * findWidget for the test probe, which asks the same questions many times a
 * second: the widget found last for `key` under `root` is checked (still
 * mapped, still under root, still a match) in a few calls instead of walking
 * the tree again, which cost the probe up to ~25 ms a write under load. The
 * tree is walked again only when that widget has gone, been hidden or
 * changed, or when nothing matched last time (the walk skips unmapped
 * subtrees, so a hidden part costs one call).
 */
export function findRemembered(root: GtkT.Widget, key: string, match: (widget: GtkT.Widget) => boolean): GtkT.Widget | undefined {
  let known = remembered.get(root);
  const last = known?.get(key);
  if (last && last.getMapped() && (last === root || last.isAncestor(root)) && match(last)) return last;
  const found = findWidget(root, match);
  if (!found) {
    known?.delete(key);
    return undefined;
  }
  if (!known) remembered.set(root, (known = new Map()));
  known.set(key, found);
  return found;
}
