import type { CanvasController } from '../../src/canvas/canvas-controller.js';
import type { CanvasData } from '../../src/canvas/canvas-data.js';
import type { DocType, DocumentMeta, Milestone, Relationship, Thread } from '../../src/store/records.js';

// One seeded generator (mulberry32) for every fixture and fuzz test.
import { seededRandom } from '../fixtures/workspace-fixture.js';
export { seededRandom };

const THREADS: readonly [string, string][] = [
  ['Household budget', '#3584e4'],
  ['Thesis: river ecology', '#33d17a'],
  ['Garden project', '#f6d32d'],
  ['Health & insurance', '#e01b24'],
  ['Travel — Lisbon 2026', '#ff7800'],
  ['Reading notes', '#9141ac'],
  ['House renovation', '#986a44'],
  ['Family archive', '#2190a4'],
];

const SUBJECTS = ['Budget', 'Invoice', 'Meeting notes', 'Draft', 'Field survey', 'Receipt', 'Plan', 'Letter', 'Summary', 'Checklist', 'Interview', 'Sketches', 'Report', 'Quote', 'Minutes', 'Photos', 'Contract', 'Reading list', 'Ideas', 'Timeline'];
const TOPICS = ['for March', 'electricity', 'sampling site B', 'tomatoes and beans', 'dental plan', 'flights and hotel', 'on Ostrom', 'kitchen tiles', 'grandmother’s letters', 'Q2 review', 'water quality', 'with the landlord', 'chapter 3', 'seed order', 'insurance claim', 'museum visits', 'bathroom', 'school forms', 'tax return', 'community garden'];
const TYPES: readonly DocType[] = ['markdown', 'markdown', 'markdown', 'pdf', 'docx', 'html', 'image', 'text'];

export interface GeneratedWorkspaceOptions {
  documents: number;
  threads?: number;
  seed?: number;
  /** The first and last creation dates. */
  from?: Date;
  to?: Date;
  linksPerDocument?: number;
}

/** A realistic-looking workspace of any size: titled documents in threads over a time span, some imported, with milestones and links. */
export function generateWorkspace(options: GeneratedWorkspaceOptions): CanvasData {
  const random = seededRandom(options.seed ?? 7);
  const threadCount = Math.min(options.threads ?? 6, THREADS.length);
  const from = (options.from ?? new Date('2025-09-01T00:00:00Z')).getTime();
  const to = (options.to ?? new Date('2026-03-15T00:00:00Z')).getTime();
  const threads: Thread[] = THREADS.slice(0, threadCount).map(([name, colour], i) => ({ id: `thread-${i}`, name, description: '', colour, order: i }));
  const documents: DocumentMeta[] = [];
  // Work comes in bursts: each thread has a few busy periods.
  const bursts = threads.map(() => Array.from({ length: 4 }, () => from + random() * (to - from)));
  for (let i = 0; i < options.documents; i++) {
    const t = Math.floor(random() * (threadCount + 0.4));
    const threadId = t < threadCount ? threads[t]!.id : null;
    const centre = bursts[Math.min(t, threadCount - 1)]![Math.floor(random() * 4)]!;
    const spread = (to - from) * 0.08;
    const created = Math.min(to, Math.max(from, random() < 0.7 ? centre + (random() - 0.5) * spread : from + random() * (to - from)));
    const docType = TYPES[Math.floor(random() * TYPES.length)]!;
    documents.push({
      id: `doc-${i}`,
      title: `${SUBJECTS[Math.floor(random() * SUBJECTS.length)]} ${TOPICS[Math.floor(random() * TOPICS.length)]}`,
      docType,
      threadId,
      isOwned: docType === 'markdown' || docType === 'text' ? random() < 0.95 : random() < 0.2,
      createdAt: new Date(Math.round(created)),
      modifiedAt: new Date(Math.round(created)),
      position: null,
      provenance: null,
      mediaRef: null,
    });
  }
  const milestones: Milestone[] = threads.flatMap((thread, i) =>
    Array.from({ length: 2 }, (_, k) => ({ id: `milestone-${i}-${k}`, threadId: thread.id, date: new Date(from + random() * (to - from)), label: k === 0 ? 'Kick-off' : 'Deadline' })),
  );
  const relationships: Relationship[] = [];
  const perDoc = options.linksPerDocument ?? 0.25;
  const linkCount = Math.floor(options.documents * perDoc);
  const sorted = [...documents].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (let k = 0; k < linkCount; k++) {
    const a = Math.floor(random() * sorted.length);
    const b = Math.min(sorted.length - 1, a + 1 + Math.floor(random() * 12));
    if (a === b) continue;
    relationships.push({ id: `link-${k}`, kind: random() < 0.5 ? 'references' : 'related', from: sorted[a]!.id, to: sorted[b]!.id, strength: random() });
  }
  return { documents, threads, milestones, relationships };
}

/** Sets the zoom (about the current centre) at which at most `target` cards, and as many as can be, are in view. */
export function zoomForCount(canvas: CanvasController, target: number): void {
  let lo = Math.log(0.01);
  let hi = Math.log(4);
  const v = canvas.getViewport();
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    canvas.setViewport({ ...v, zoom: Math.exp(mid) });
    if (canvas.cardsInView > target) lo = mid;
    else hi = mid;
  }
  canvas.setViewport({ ...v, zoom: Math.exp(hi) });
}
