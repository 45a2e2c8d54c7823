import { z } from 'zod';
import { DOC_TYPES, RELATION_KINDS } from '../store/records.js';
import { SovereignError } from '../core/index.js';
import type { CanvasData } from './canvas-data.js';

/**
 * A workspace as a JSON file, for `sovereign canvas render --workspace
 * file.json`, golden images and bug reports:
 *
 *   { "now": "2026-03-20T12:00:00Z",            optional: where NOW is drawn
 *     "threads": [{ "id", "name", "colour"?, "order"?, "description"? }],
 *     "documents": [{ "id", "title", "createdAt", "threadId"?, "docType"?,
 *                     "isOwned"?, "modifiedAt"?, "position"? { "x", "y" } }],
 *     "milestones": [{ "id", "threadId", "date", "label" }],
 *     "relationships": [{ "from", "to", "kind"?, "strength"?, "id"? }] }
 *
 * Dates are ISO 8601. Defaults: docType "markdown", isOwned true, threadId
 * null (the Unsorted band), kind "related", strength 0.5.
 */
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO 8601 date' }).transform((s) => new Date(s));

const workspaceFileSchema = z.object({
  now: isoDate.optional(),
  threads: z.array(z.object({
    id: z.string().min(1),
    name: z.string(),
    description: z.string().default(''),
    colour: z.string().default(''),
    order: z.number().default(0),
  })).default([]),
  documents: z.array(z.object({
    id: z.string().min(1),
    title: z.string(),
    docType: z.enum(DOC_TYPES).default('markdown'),
    threadId: z.string().nullable().default(null),
    isOwned: z.boolean().default(true),
    createdAt: isoDate,
    modifiedAt: isoDate.optional(),
    position: z.object({ x: z.number(), y: z.number() }).nullable().optional(),
  })).default([]),
  milestones: z.array(z.object({ id: z.string().min(1), threadId: z.string(), date: isoDate, label: z.string() })).default([]),
  relationships: z.array(z.object({
    id: z.string().optional(),
    kind: z.enum(RELATION_KINDS).default('related'),
    from: z.string(),
    to: z.string(),
    strength: z.number().min(0).max(1).default(0.5),
  })).default([]),
});

export interface WorkspaceFile {
  data: CanvasData;
  /** The file's NOW, when it pins one. */
  now: Date | null;
}

/** Parses a workspace file's text; `source` names it in error messages. */
export function parseWorkspaceFile(text: string, source: string): WorkspaceFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SovereignError('invalid-input', `cannot read ${source}: it is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = workspaceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SovereignError('invalid-input', `cannot read ${source}: ${issue.path.join('.') || 'the file'}: ${issue.message}`, {
      hint: 'See the workspace file format in src/canvas/workspace-file.ts.',
    });
  }
  const f = parsed.data;
  return {
    now: f.now ?? null,
    data: {
      threads: f.threads.map((t, i) => ({ ...t, order: t.order || i })),
      documents: f.documents.map((d) => ({
        id: d.id,
        title: d.title,
        docType: d.docType,
        threadId: d.threadId,
        isOwned: d.isOwned,
        createdAt: d.createdAt,
        modifiedAt: d.modifiedAt ?? d.createdAt,
        position: d.position ? { x: d.position.x, y: d.position.y, userPlaced: true } : null,
        provenance: null,
        mediaRef: null,
      })),
      milestones: f.milestones,
      relationships: f.relationships.map((r, i) => ({ id: r.id ?? `link-${i}`, kind: r.kind, from: r.from, to: r.to, strength: r.strength })),
    },
  };
}
