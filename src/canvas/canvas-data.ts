import type { DocumentMeta, Milestone, Relationship, Thread } from '../store/records.js';

/**
 * What the canvas draws: plain records, however they were loaded (the store,
 * the in-process workspace model, or a workspace file). The canvas never
 * queries; the adapter hands it a fresh CanvasData when the workspace changes.
 */
export interface CanvasData {
  documents: readonly DocumentMeta[];
  threads: readonly Thread[];
  milestones: readonly Milestone[];
  relationships: readonly Relationship[];
}

export const EMPTY_CANVAS_DATA: CanvasData = { documents: [], threads: [], milestones: [], relationships: [] };
