import { z } from 'zod';

/**
 * JSON Canvas 1.0 (https://jsoncanvas.org/spec/1.0/), the format Obsidian's
 * canvas reads and writes. One schema for the exporter and the importer.
 * Coordinates are integers in the spec; files written by other tools
 * sometimes carry fractions, so the importer accepts any finite number.
 */
const color = z.string().min(1).max(32);
const side = z.enum(['top', 'right', 'bottom', 'left']);
const end = z.enum(['none', 'arrow']);

const nodeBase = {
  id: z.string().min(1),
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().nonnegative(),
  height: z.number().finite().nonnegative(),
  color: color.optional(),
};

export const canvasNodeSchema = z.discriminatedUnion('type', [
  z.object({ ...nodeBase, type: z.literal('text'), text: z.string() }),
  z.object({ ...nodeBase, type: z.literal('file'), file: z.string().min(1), subpath: z.string().optional() }),
  z.object({ ...nodeBase, type: z.literal('link'), url: z.string().min(1) }),
  z.object({
    ...nodeBase,
    type: z.literal('group'),
    label: z.string().optional(),
    background: z.string().optional(),
    backgroundStyle: z.enum(['cover', 'ratio', 'repeat']).optional(),
  }),
]);

export const canvasEdgeSchema = z.object({
  id: z.string().min(1),
  fromNode: z.string().min(1),
  fromSide: side.optional(),
  fromEnd: end.optional(),
  toNode: z.string().min(1),
  toSide: side.optional(),
  toEnd: end.optional(),
  color: color.optional(),
  label: z.string().optional(),
});

export const jsonCanvasSchema = z.object({
  nodes: z.array(canvasNodeSchema).optional(),
  edges: z.array(canvasEdgeSchema).optional(),
});

/** The top level only: nodes and edges are checked one by one, so one bad item does not lose the rest. */
export const jsonCanvasEnvelopeSchema = z.object({
  nodes: z.array(z.unknown()).optional(),
  edges: z.array(z.unknown()).optional(),
});

export type CanvasNode = z.infer<typeof canvasNodeSchema>;
export type CanvasEdge = z.infer<typeof canvasEdgeSchema>;
export type JsonCanvas = z.infer<typeof jsonCanvasSchema>;

/**
 * A document in a text node: its title as the first heading, then its
 * content unchanged. The importer reads the title back from that heading
 * and strips exactly these characters, so the content round-trips.
 */
export function canvasText(title: string, content: string): string {
  return `# ${title.replace(/\n/g, ' ')}\n\n${content}`;
}

export function splitCanvasText(text: string): { title: string | null; content: string } {
  const match = /^# (.*)\n\n?/.exec(text);
  if (!match) return { title: null, content: text };
  return { title: match[1]!.trim(), content: text.slice(match[0].length) };
}
