import { SovereignError } from '../core/index.js';
import type { CanvasData } from './canvas-data.js';
import { createCanvasController, type CanvasController } from './canvas-controller.js';
import type { Viewport } from './kernels/camera.js';
import type { Lod } from './kernels/level-of-detail.js';
import { encodePng } from './render/png.js';
import type { ThemeName } from './render/theme.js';

/**
 * Where a snapshot looks: the whole workspace, NOW, one document or thread,
 * a time range ("2026-01-01..2026-03-01"), or an explicit "centerX,centerY,zoom".
 */
export type ViewportSpec =
  | { kind: 'fit' }
  | { kind: 'now' }
  | { kind: 'document'; id: string }
  | { kind: 'thread'; id: string }
  | { kind: 'range'; from: Date; to: Date }
  | { kind: 'explicit'; viewport: Viewport };

export function parseViewportSpec(text: string): ViewportSpec {
  const s = text.trim();
  if (s === 'fit' || s === '') return { kind: 'fit' };
  if (s === 'now') return { kind: 'now' };
  if (s.startsWith('document:')) return { kind: 'document', id: s.slice('document:'.length) };
  if (s.startsWith('thread:')) return { kind: 'thread', id: s.slice('thread:'.length) };
  const range = /^(.+?)\.\.(.+)$/.exec(s);
  if (range) {
    const from = new Date(range[1]!);
    const to = new Date(range[2]!);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw new SovereignError('usage', `the viewport "${s}" is not a time range`, { hint: 'Write it as 2026-01-01..2026-03-01 (the end after the start).' });
    }
    return { kind: 'range', from, to };
  }
  const parts = s.split(',').map(Number);
  if (parts.length === 3 && parts.every(Number.isFinite) && parts[2]! > 0) {
    return { kind: 'explicit', viewport: { centerX: parts[0]!, centerY: parts[1]!, zoom: parts[2]! } };
  }
  throw new SovereignError('usage', `the viewport "${s}" is not understood`, {
    hint: 'Use fit, now, document:<id>, thread:<id>, a range like 2026-01-01..2026-03-01, or centerX,centerY,zoom.',
  });
}

export interface SnapshotOptions {
  widthPx: number;
  heightPx: number;
  scale?: number;
  theme: ThemeName;
  viewport: ViewportSpec;
  nowMs: number;
  selectedId?: string | null;
}

export interface Snapshot {
  png: Buffer;
  lod: Lod;
  viewport: Viewport;
  widthPx: number;
  heightPx: number;
}

/** Renders a workspace's canvas once, headless, to a PNG. */
export async function renderSnapshot(data: CanvasData, options: SnapshotOptions): Promise<Snapshot> {
  const controller = await createCanvasController({ theme: options.theme, now: () => options.nowMs });
  try {
    controller.resize(options.widthPx, options.heightPx, options.scale ?? 1);
    controller.setData(data);
    applyViewport(controller, options.viewport, data);
    if (options.selectedId) controller.select(options.selectedId);
    controller.render();
    return {
      png: encodePng(controller.pixels(), controller.widthPx, controller.heightPx),
      lod: controller.lod,
      viewport: controller.getViewport(),
      widthPx: controller.widthPx,
      heightPx: controller.heightPx,
    };
  } finally {
    controller.dispose();
  }
}

function applyViewport(controller: CanvasController, spec: ViewportSpec, data: CanvasData): void {
  switch (spec.kind) {
    case 'fit':
      controller.fitAll();
      break;
    case 'now':
      controller.goToNow({ animate: false });
      break;
    case 'document':
      controller.navigateToDocument(spec.id, { animate: false });
      break;
    case 'thread':
      if (!data.threads.some((t) => t.id === spec.id)) throw new SovereignError('not-found', `there is no thread "${spec.id}" in the workspace`);
      controller.zoomToThread(spec.id, { animate: false });
      break;
    case 'range':
      controller.showTimeRange(spec.from.getTime(), spec.to.getTime());
      break;
    case 'explicit':
      controller.setViewport(spec.viewport);
      break;
  }
}
