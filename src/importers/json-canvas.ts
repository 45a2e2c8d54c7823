import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, createLogger, format } from '../core/index.js';
import { canvasEdgeSchema, canvasNodeSchema, jsonCanvasEnvelopeSchema, splitCanvasText, type CanvasNode } from '../exporters/json-canvas-format.js';
import { RELATION_KINDS, type RelationKind } from '../store/records.js';
import type { ImportedDocument, ImportedLink, Importer, SourceFile } from './importer.js';

const log = createLogger('importers.json-canvas');

/** Linked files larger than this are linked to, not read in. */
const MAX_LINKED_FILE_BYTES = 16 * 1024 * 1024;
/** How far above the .canvas file a vault-relative file path is looked for (Obsidian paths start at the vault root). */
const MAX_VAULT_DEPTH = 8;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg']);
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

export interface JsonCanvasReading {
  documents: ImportedDocument[];
  /** One error per node or edge that could not be taken in; the rest of the file still imports. */
  problems: SovereignError[];
}

/**
 * JSON Canvas 1.0 (Obsidian's .canvas) in: text nodes become markdown
 * documents (a leading "# Title" line is the title, as the exporter writes
 * it), link nodes documents that link to their URL, file nodes the file's
 * text (markdown, plain text), an image document, or a note linking to a
 * file that is not there. Group nodes become threads: a node inside a
 * group's rectangle belongs to the innermost group's thread, and its
 * position is kept relative to the group's top, which is how the timeline
 * keeps a card a person placed in its band. Edges become relationships:
 * a label that names a relationship kind ("references", "related", …)
 * is that kind, any other label is a reference that keeps the label.
 *
 * A node or edge that is invalid, has a duplicate id or points at a node
 * that is not there is reported on its own (readJsonCanvas's problems) and
 * the rest of the canvas still imports.
 */
export function readJsonCanvas(file: SourceFile): JsonCanvasReading {
  const problems: SovereignError[] = [];
  const problem = (message: string, detail: Record<string, unknown>) => problems.push(new SovereignError('invalid-input', message, { detail: { file: file.name, ...detail } }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.bytes.toString('utf8'));
  } catch (error) {
    throw new SovereignError('invalid-input', format(_('cannot import {file}: it is not JSON ({reason})'), { file: file.name, reason: (error as Error).message }), { cause: error });
  }
  const envelope = jsonCanvasEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) throw new SovereignError('invalid-input', format(_('cannot import {file}: it is not a JSON Canvas file (no nodes or edges lists)'), { file: file.name }));

  const nodes = new Map<string, CanvasNode>();
  (envelope.data.nodes ?? []).forEach((raw, index) => {
    const node = canvasNodeSchema.safeParse(raw);
    if (!node.success) {
      problem(format(_('{file}: node {index} is not a valid JSON Canvas node ({reason})'), { file: file.name, index: index + 1, reason: node.error.issues[0]?.message ?? '' }), { index });
      return;
    }
    if (nodes.has(node.data.id)) {
      problem(format(_('{file}: node id “{id}” is used twice; the second node is left out'), { file: file.name, id: node.data.id }), { id: node.data.id });
      return;
    }
    nodes.set(node.data.id, node.data);
  });

  const groups = [...nodes.values()].filter((n) => n.type === 'group');
  const documents = new Map<string, ImportedDocument>();
  for (const node of nodes.values()) {
    if (node.type === 'group') continue;
    const group = innermostGroup(node, groups);
    const document = documentOf(node, file);
    document.position = { x: Math.round(node.x), y: Math.round(group ? node.y - group.y : node.y) };
    if (group?.label) document.threadName = group.label;
    documents.set(node.id, document);
  }

  const edgeIds = new Set<string>();
  (envelope.data.edges ?? []).forEach((raw, index) => {
    const edge = canvasEdgeSchema.safeParse(raw);
    if (!edge.success) {
      problem(format(_('{file}: edge {index} is not a valid JSON Canvas edge ({reason})'), { file: file.name, index: index + 1, reason: edge.error.issues[0]?.message ?? '' }), { index });
      return;
    }
    const { id, fromNode, toNode, label } = edge.data;
    if (edgeIds.has(id)) {
      problem(format(_('{file}: edge id “{id}” is used twice; the second edge is left out'), { file: file.name, id }), { id });
      return;
    }
    edgeIds.add(id);
    const from = documents.get(fromNode);
    const missing = [fromNode, toNode].find((end) => !nodes.has(end));
    if (missing !== undefined) {
      problem(format(_('{file}: edge “{id}” points at node “{node}”, which is not in the canvas; the edge is left out'), { file: file.name, id, node: missing }), { id, node: missing });
      return;
    }
    if (!from || !documents.has(toNode)) {
      problem(format(_('{file}: edge “{id}” joins a group; only edges between cards become relationships'), { file: file.name, id }), { id });
      return;
    }
    const link: ImportedLink = { target: { kind: 'key', key: toNode }, relation: relationOf(label) };
    if (label !== undefined && label !== '') link.label = label;
    from.links.push(link);
  });

  for (const p of problems) log.warn(p.message);
  return { documents: [...documents.values()], problems };
}

export const jsonCanvasImporter: Importer = {
  id: 'json-canvas',
  version: '1',
  extensions: ['.canvas'],
  detect: (head) => /^\s*\{/.test(head.subarray(0, 64).toString('utf8')),
  // Problems with single nodes and edges are logged; the import service reports them when the contract grows a channel for them.
  import: (file) => Promise.resolve(readJsonCanvas(file).documents),
};

function relationOf(label: string | undefined): RelationKind {
  const normalised = label?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return RELATION_KINDS.find((kind) => kind === normalised) ?? 'references';
}

function innermostGroup(node: CanvasNode, groups: readonly CanvasNode[]): (CanvasNode & { type: 'group' }) | undefined {
  let best: (CanvasNode & { type: 'group' }) | undefined;
  for (const group of groups) {
    if (group.type !== 'group') continue;
    const inside = node.x >= group.x && node.y >= group.y && node.x + node.width <= group.x + group.width && node.y + node.height <= group.y + group.height;
    if (inside && (!best || group.width * group.height < best.width * best.height)) best = group;
  }
  return best;
}

function documentOf(node: Exclude<CanvasNode, { type: 'group' }>, file: SourceFile): ImportedDocument {
  const base = { key: node.id, dates: {}, tags: [] as string[], links: [] as ImportedLink[] };
  switch (node.type) {
    case 'text': {
      const { title, content } = splitCanvasText(node.text);
      return { ...base, title: title || firstLine(node.text) || _('Untitled card'), docType: 'markdown', content };
    }
    case 'link':
      return { ...base, title: node.url, docType: 'markdown', content: `<${node.url}>` };
    case 'file':
      return fileDocument(node.file, file, base);
  }
}

function fileDocument(vaultPath: string, canvas: SourceFile, base: Pick<ImportedDocument, 'key' | 'dates' | 'tags' | 'links'>): ImportedDocument {
  const extension = path.extname(vaultPath).toLowerCase();
  const title = path.basename(vaultPath, path.extname(vaultPath)) || vaultPath;
  const found = findVaultFile(vaultPath, canvas.real);
  if (found && TEXT_EXTENSIONS.has(extension)) {
    return { ...base, title, docType: extension === '.txt' ? 'text' : 'markdown', content: fs.readFileSync(found, 'utf8') };
  }
  if (found && IMAGE_EXTENSIONS.has(extension)) {
    return { ...base, title, docType: 'image', content: '', attachment: { kind: 'bytes', bytes: fs.readFileSync(found), name: path.basename(found) } };
  }
  // Not beside the canvas (or a kind of file a card cannot show): a note that links to it, resolved like any wiki link.
  return { ...base, title, docType: 'markdown', content: `[[${vaultPath}]]`, links: [{ target: { kind: 'wikilink', text: vaultPath } }] };
}

/** A vault-relative path, looked for from the canvas's folder upwards (the canvas may sit in a subfolder of the vault). */
function findVaultFile(vaultPath: string, canvasPath: string): string | null {
  if (path.isAbsolute(vaultPath) || vaultPath.split(/[/\\]/).includes('..')) return null;
  let dir = path.dirname(canvasPath);
  for (let depth = 0; depth < MAX_VAULT_DEPTH; depth++) {
    const candidate = path.join(dir, vaultPath);
    try {
      const stat = fs.statSync(candidate);
      if (stat.isFile() && stat.size <= MAX_LINKED_FILE_BYTES) return candidate;
    } catch {
      // Not here: try the folder above.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^#+\s*/, '').trim().slice(0, 120);
}
