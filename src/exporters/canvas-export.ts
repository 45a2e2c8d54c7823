import { layoutCards, CARD_WIDTH, BAND_PADDING } from '../canvas/kernels/layout.js';
import { TimeScale } from '../canvas/kernels/time-scale.js';
import type { ExportContents } from './export-selection.js';
import { canvasText, jsonCanvasSchema, type CanvasEdge, type CanvasNode, type JsonCanvas } from './json-canvas-format.js';

/** Text nodes are taller than timeline cards: Obsidian shows the content in them. */
const NODE_HEIGHT = 56;

/**
 * The exported documents as a JSON Canvas, laid out as Sovereign's timeline
 * lays them out (src/canvas/kernels/layout.ts): x from the creation date,
 * one band per thread, cards stacked in lanes. Coordinates stay in the
 * timeline's world units, so importing the file back puts every card where
 * it was.
 *
 * Each document is a text node holding "# Title" and its markdown (see
 * canvasText): the .canvas file is complete on its own, Obsidian renders
 * the markdown in the card, and no vault folder has to sit beside it.
 * Threads are groups labelled with their name; relationships are edges
 * labelled with their kind.
 */
export function exportJsonCanvas(contents: ExportContents): JsonCanvas {
  const layout = layoutCards(contents.documents, contents.threads, new TimeScale(0), Date.now());
  const nodes: CanvasNode[] = [];
  const { cards } = layout;
  const minX = Math.floor(layout.bounds.x) - BAND_PADDING;
  const width = Math.ceil(layout.bounds.w) + 2 * BAND_PADDING;
  for (const band of layout.bands) {
    if (!band.thread || band.cardCount === 0) continue;
    nodes.push({
      id: `thread-${band.thread.id}`,
      type: 'group',
      x: minX,
      y: Math.round(band.y),
      width,
      height: Math.round(band.height),
      label: band.thread.name,
      color: band.thread.colour,
    });
  }
  const byId = new Map(contents.documents.map((doc) => [doc.id, doc]));
  for (let i = 0; i < cards.count; i++) {
    const doc = byId.get(cards.docs[i]!.id)!;
    nodes.push({
      id: `doc-${doc.id}`,
      type: 'text',
      x: Math.round(cards.x[i]!),
      y: Math.round(cards.y[i]!),
      width: CARD_WIDTH,
      height: NODE_HEIGHT,
      text: canvasText(doc.title, doc.content),
    });
  }
  const edges: CanvasEdge[] = contents.relationships.map((r) => ({
    id: `rel-${r.id}`,
    fromNode: `doc-${r.from}`,
    fromSide: 'right',
    toNode: `doc-${r.to}`,
    toSide: 'left',
    toEnd: 'arrow',
    label: r.kind,
  }));
  return jsonCanvasSchema.parse({ nodes, edges });
}
