import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';

export interface WidgetBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The first mapped widget under `root` (depth first, root included) that
 * `match` accepts. An unmapped widget's children are never mapped, so its
 * subtree is skipped: a hidden popover or page costs one call, not a walk.
 */
export function findWidget(root: GtkT.Widget, match: (widget: GtkT.Widget) => boolean): GtkT.Widget | undefined {
  if (!root.getMapped()) return undefined;
  if (match(root)) return root;
  for (let child = root.getFirstChild(); child; child = child.getNextSibling()) {
    const found = findWidget(child, match);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where a laid-out widget is in another's coordinates (logical pixels), for the
 * test probe: tests click where a person would. Translating the origin
 * avoids compute_bounds, whose Graphene.Rect node-gtk frees twice.
 */
export function boundsIn(widget: GtkT.Widget, relativeTo: GtkT.Widget): WidgetBounds | null {
  // A widget added since the last layout has no size yet, and its position is not where it will be drawn.
  const width = widget.getWidth();
  const height = widget.getHeight();
  if (width === 0 || height === 0) return null;
  const [ok, x, y] = widget.translateCoordinates(relativeTo, 0, 0);
  return ok ? { x, y, width, height } : null;
}
