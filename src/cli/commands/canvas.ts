import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { SovereignError, _, format } from '../../core/index.js';
import type { CanvasData } from '../../canvas/canvas-data.js';
import type { CliContext } from '../context.js';
import { openCommandStore } from '../open-command-store.js';
import { decimalNumber } from '../number-options.js';
import { printResult } from '../output.js';
import { oneLine } from '../terminal-text.js';
import type { RegisterCommand } from './index.js';

interface RenderOptions {
  workspace?: string;
  out: string;
  viewport: string;
  size: string;
  scale: number;
  theme: 'light' | 'dark';
  now?: string;
  select?: string;
  json?: boolean;
}

export function parseSize(text: string): { widthPx: number; heightPx: number } {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(text.trim());
  const widthPx = m ? Number(m[1]) : NaN;
  const heightPx = m ? Number(m[2]) : NaN;
  if (!m || widthPx < 64 || heightPx < 64 || widthPx > 8192 || heightPx > 8192) {
    throw new SovereignError('usage', format(_('the size “{size}” is not WIDTHxHEIGHT between 64 and 8192 pixels'), { size: text }), { hint: _('For example: --size 1600x1000') });
  }
  return { widthPx, heightPx };
}

/** `sovereign canvas render`: draws a workspace's canvas to a PNG, headless. */
export const register: RegisterCommand = (program: Command, getContext) => {
  const canvas = program.command('canvas').description(_('The spatial canvas'));
  canvas
    .command('render')
    .description(_('Render a workspace’s canvas to a PNG image'))
    .option('--workspace <location>', _('A workspace JSON file, a database directory or a database URL (default: your workspace)'))
    .requiredOption('--out <file>', _('Where to write the PNG'))
    .option('--viewport <spec>', _('fit, now, document:<id>, thread:<id>, 2026-01-01..2026-03-01, or centerX,centerY,zoom'), 'fit')
    .option('--size <WxH>', _('Image size in device pixels'), '1600x1000')
    .option('--scale <factor>', _('Device pixels per logical pixel (2 for HiDPI)'), decimalNumber('--scale', 1, 4), 1)
    .addOption(new Option('--theme <theme>', _('Light or dark')).choices(['light', 'dark']).default('light'))
    .option('--now <date>', _('Draw NOW at this ISO 8601 time instead of the current time'))
    .option('--select <id>', _('Show this document selected'))
    .option('--json', _('Print the result as JSON'))
    .action(async (options: RenderOptions) => {
      const ctx = getContext();
      const { widthPx, heightPx } = parseSize(options.size);
      const { scale } = options;
      // CanvasKit, the workspace file parser and the store load when the command runs, not when it is registered.
      const { parseViewportSpec, renderSnapshot } = await import('../../canvas/snapshot.js');
      const viewport = parseViewportSpec(options.viewport);
      const { data, now } = await readWorkspace(ctx, options.workspace);
      let nowMs = now?.getTime() ?? Date.now();
      if (options.now !== undefined) {
        nowMs = Date.parse(options.now);
        if (Number.isNaN(nowMs)) throw new SovereignError('usage', format(_('“{value}” is not an ISO 8601 date'), { value: options.now }));
      }
      const snapshot = await renderSnapshot(data, { widthPx, heightPx, scale, theme: options.theme, viewport, nowMs, selectedId: options.select ?? null });
      const out = path.resolve(options.out);
      try {
        fs.writeFileSync(out, snapshot.png);
      } catch (error) {
        throw new SovereignError('io', format(_('cannot write {file}: {reason}'), { file: out, reason: (error as Error).message }), { cause: error });
      }
      printResult(ctx, options.json ?? false, { out, widthPx, heightPx, lod: snapshot.lod, viewport: snapshot.viewport, documents: data.documents.length }, () =>
        format(_('Wrote {file} ({width}x{height}, {lod} detail, {count} documents)'), { file: oneLine(out), width: widthPx, height: heightPx, lod: snapshot.lod, count: data.documents.length }),
      );
    });
};

/**
 * Reads what the canvas draws: a workspace JSON file as it is; a database
 * directory (rocksdb) or URL, or by default the configured workspace,
 * through the store, which is opened for the read and closed again.
 */
async function readWorkspace(ctx: CliContext, location: string | undefined): Promise<{ data: CanvasData; now: Date | null }> {
  if (location === undefined) return { data: await readStore(ctx, undefined), now: null };
  if (/^[a-z]+:\/\//i.test(location)) return { data: await readStore(ctx, location), now: null };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch {
    throw new SovereignError('not-found', format(_('cannot open {file}: no such file'), { file: location }));
  }
  if (stat.isDirectory()) return { data: await readStore(ctx, `rocksdb://${path.resolve(location)}`), now: null };
  if (stat.size > 512 * 1024 * 1024) throw new SovereignError('invalid-input', format(_('{file} is too large for a workspace file'), { file: location }));
  const { parseWorkspaceFile } = await import('../../canvas/workspace-file.js');
  return parseWorkspaceFile(fs.readFileSync(location, 'utf8'), location);
}

async function readStore(ctx: CliContext, url: string | undefined): Promise<CanvasData> {
  const store = await openCommandStore(ctx, url === undefined ? {} : { url });
  const unregister = ctx.lifecycle.register('store', () => store.close());
  try {
    const [documents, threads, milestones, relationships] = await Promise.all([
      store.allDocumentMeta(),
      store.listThreads(),
      store.listMilestones(),
      store.allRelationships(),
    ]);
    return { documents, threads, milestones, relationships };
  } finally {
    unregister();
    await store.close();
  }
}
