import type { DocumentMeta, Thread } from '../../store/records.js';
import type { Rect } from './geometry.js';
import type { TimeScale } from './time-scale.js';

/** Card and band sizes in world units (logical pixels at zoom 1). */
export const CARD_WIDTH = 200;
export const CARD_HEIGHT = 56;
export const LANE_HEIGHT = 68;
export const BAND_PADDING = 14;
/** Two cards closer than this in one lane would touch: the later one moves to another lane. */
export const CARD_GAP = 10;

export interface Band {
  index: number;
  /** null for the band of documents that belong to no (known) thread. */
  thread: Thread | null;
  y: number;
  height: number;
  lanes: number;
  cardCount: number;
}

/**
 * Cards as parallel arrays (one index per document) so 50,000 of them cost a
 * few typed arrays, not 50,000 objects on the hot path.
 */
export interface CardLayout {
  count: number;
  docs: DocumentMeta[];
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  band: Int32Array;
  /** The sub-lane inside the band; -1 for a card a person placed by hand. */
  lane: Int32Array;
}

export interface Layout {
  cards: CardLayout;
  bands: Band[];
  bandOfThread: Map<string | null, number>;
  indexOfDoc: Map<string, number>;
  /** Everything laid out, in world units; empty layouts give a one-week box around now. */
  bounds: Rect;
}

/**
 * Lays documents out on the timeline: x from the document's creation date
 * (createdAt: when it entered the workspace, which never changes on edit, so
 * cards do not jump when someone types), y from its thread's band. Cards
 * that would overlap in a band stack into sub-lanes (first fit, in date
 * order). A card a person dragged keeps its position: x in world units and
 * y as an offset from its band's top, and its band grows to hold it.
 */
export function layoutCards(documents: readonly DocumentMeta[], threads: readonly Thread[], scale: TimeScale, nowMs: number): Layout {
  const ordered = [...threads].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const bandOfThread = new Map<string | null, number>();
  ordered.forEach((thread, i) => bandOfThread.set(thread.id, i));
  const count = documents.length;
  const cards: CardLayout = {
    count,
    docs: [...documents],
    x: new Float64Array(count),
    y: new Float64Array(count),
    w: new Float64Array(count).fill(CARD_WIDTH),
    h: new Float64Array(count).fill(CARD_HEIGHT),
    band: new Int32Array(count),
    lane: new Int32Array(count),
  };
  const bands: Band[] = ordered.map((thread, index) => ({ index, thread, y: 0, height: 0, lanes: 1, cardCount: 0 }));
  const membersOf: number[][] = bands.map(() => []);
  let unsorted = -1;
  for (let i = 0; i < count; i++) {
    const doc = cards.docs[i]!;
    let band = doc.threadId === null ? undefined : bandOfThread.get(doc.threadId);
    if (band === undefined) {
      if (unsorted < 0) {
        unsorted = bands.length;
        bands.push({ index: unsorted, thread: null, y: 0, height: 0, lanes: 1, cardCount: 0 });
        membersOf.push([]);
        bandOfThread.set(null, unsorted);
      }
      band = unsorted;
    }
    cards.band[i] = band;
    membersOf[band]!.push(i);
    const position = doc.position;
    cards.x[i] = position?.userPlaced ? position.x : scale.xOf(doc.createdAt.getTime());
  }

  let y = 0;
  for (const band of bands) {
    const members = membersOf[band.index]!;
    band.cardCount = members.length;
    const lanes = new FirstFitLanes();
    let extent = CARD_HEIGHT;
    members.sort((a, b) => cards.x[a]! - cards.x[b]!);
    for (const i of members) {
      const position = cards.docs[i]!.position;
      if (position?.userPlaced) {
        cards.lane[i] = -1;
        cards.y[i] = y + Math.max(0, position.y);
        extent = Math.max(extent, Math.max(0, position.y) - BAND_PADDING + CARD_HEIGHT);
        continue;
      }
      const lane = lanes.place(cards.x[i]!);
      cards.lane[i] = lane;
      cards.y[i] = y + BAND_PADDING + lane * LANE_HEIGHT;
      extent = Math.max(extent, lane * LANE_HEIGHT + CARD_HEIGHT);
    }
    band.lanes = Math.max(1, lanes.count);
    band.y = y;
    band.height = extent + 2 * BAND_PADDING;
    y += band.height;
  }

  const indexOfDoc = new Map<string, number>();
  let minX = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < count; i++) {
    indexOfDoc.set(cards.docs[i]!.id, i);
    minX = Math.min(minX, cards.x[i]!);
    maxX = Math.max(maxX, cards.x[i]! + CARD_WIDTH);
  }
  if (count === 0) {
    minX = scale.xOf(nowMs) - 3.5 * 48;
    maxX = minX + 7 * 48;
  }
  return { cards, bands, bandOfThread, indexOfDoc, bounds: { x: minX, y: 0, w: maxX - minX, h: Math.max(y, LANE_HEIGHT) } };
}

/** The band whose vertical extent holds world y, or -1. Bands are sorted by y. */
export function bandAt(bands: readonly Band[], worldY: number): number {
  let lo = 0;
  let hi = bands.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const band = bands[mid]!;
    if (worldY < band.y) hi = mid - 1;
    else if (worldY >= band.y + band.height) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * First fit over cards placed in rising x: each card takes the lowest lane
 * whose last card ends (with the gap) at or before the card's x, or opens a
 * new lane. Scanning every lane per card cost O(cards × lanes), and a vault
 * copied from another machine has every note on one date: 2,000 notes meant
 * 2,000 lanes and ~100 ms per relayout. Here it is O(cards log lanes): every
 * card is CARD_WIDTH wide and comes in rising x, so lanes fall free in the
 * order they were last filled (a queue), and the free ones wait in a
 * min-heap of lane numbers.
 */
export class FirstFitLanes {
  private readonly ends: number[] = [];
  /** Lanes in the order they were last filled: their ends rise along it. */
  private readonly filled: number[] = [];
  private filledHead = 0;
  /** Free lanes, lowest number on top. */
  private readonly free: number[] = [];

  /** Lanes opened so far. */
  get count(): number {
    return this.ends.length;
  }

  /** The lane for a card at x; x never falls between calls. */
  place(x: number): number {
    while (this.filledHead < this.filled.length && this.ends[this.filled[this.filledHead]!]! + CARD_GAP <= x) {
      pushLane(this.free, this.filled[this.filledHead++]!);
    }
    const lane = this.free.length > 0 ? popLowestLane(this.free) : this.ends.length;
    this.ends[lane] = x + CARD_WIDTH;
    this.filled.push(lane);
    return lane;
  }
}

function pushLane(heap: number[], lane: number): void {
  let i = heap.length;
  heap.push(lane);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= lane) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = lane;
}

function popLowestLane(heap: number[]): number {
  const lowest = heap[0]!;
  const last = heap.pop()!;
  if (heap.length === 0) return lowest;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && heap[right]! < heap[left]! ? right : left;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return lowest;
}
