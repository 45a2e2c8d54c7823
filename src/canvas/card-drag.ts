import type { CardPosition } from '../store/records.js';
import type { Camera } from './kernels/camera.js';
import { BAND_PADDING } from './kernels/layout.js';
import { curveBounds, linkCurve } from './kernels/links.js';
import type { Scene } from './kernels/scene.js';

/** Where a dropped card now sits: what the adapter writes through the store. */
export interface CardDrop {
  documentId: string;
  position: CardPosition;
}

/**
 * One card being dragged with the pointer. The card follows the pointer at
 * the point where it was grabbed and stays in its own thread's band (its
 * rows plus one lane of room below): a drag moves a card in time and
 * between rows, never to another thread. Moving it updates the scene in
 * place (the card's position, the spatial index, the bounds of its links),
 * so the next frame draws it where it is without a new layout.
 * Pointer positions are device pixels of the canvas.
 */
export class CardDrag {
  private moved = false;

  private constructor(
    readonly card: number,
    private readonly grabX: number,
    private readonly grabY: number,
  ) {}

  /** Grabs `card` at the pointer position (xPx, yPx). */
  static grab(scene: Scene, camera: Camera, card: number, xPx: number, yPx: number): CardDrag {
    const { cards } = scene.layout;
    return new CardDrag(card, camera.toWorldX(xPx) - cards.x[card]!, camera.toWorldY(yPx) - cards.y[card]!);
  }

  /** Moves the card under the pointer; returns whether it moved (the scene then changed). */
  moveTo(scene: Scene, camera: Camera, xPx: number, yPx: number): boolean {
    const { cards, bands } = scene.layout;
    const i = this.card;
    const band = bands[cards.band[i]!]!;
    const wx = camera.toWorldX(xPx) - this.grabX;
    const wy = Math.min(Math.max(camera.toWorldY(yPx) - this.grabY, band.y + BAND_PADDING), band.y + band.height - BAND_PADDING);
    if (wx === cards.x[i] && wy === cards.y[i]) return false;
    cards.x[i] = wx;
    cards.y[i] = wy;
    // Placed by hand: no longer in a lane the layout chose.
    cards.lane[i] = -1;
    scene.index.update(i);
    for (const k of scene.linksOfCard.get(i) ?? []) {
      const b = curveBounds(linkCurve(cards, scene.links[k]!));
      scene.linkBounds.set([b.x, b.y, b.x + b.w, b.y + b.h], k * 4);
    }
    this.moved = true;
    return true;
  }

  /**
   * Ends the drag: the dropped card's position (its y relative to its band,
   * placed by hand), or null when the card never moved (a press without a
   * drag changes nothing).
   */
  drop(scene: Scene): CardDrop | null {
    if (!this.moved) return null;
    const { cards, bands } = scene.layout;
    const i = this.card;
    const band = bands[cards.band[i]!]!;
    return { documentId: cards.docs[i]!.id, position: { x: cards.x[i]!, y: cards.y[i]! - band.y, userPlaced: true } };
  }
}
