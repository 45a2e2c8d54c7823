// The layering rule from the README ("Layers import only from the layers
// before them"): core → store → domain → adapters. Adapters do not import
// each other, except the CLI: it is the composition root that starts the
// window and the D-Bus service (and loads them lazily, per command). Only
// files under src/ui may import node-gtk; the D-Bus service, the API server
// and the CLI reach GLib and GTK through src/ui (main-loop.ts, the window)
// and only when they run the app, so their other paths never load GTK or
// crash without a display.
import path from 'node:path';

// Every top-level folder of src, by layer. A folder missing here is not
// checked at all, so a new one must be added.
const LAYER_OF_FOLDER = {
  core: 0,
  store: 1,
  versions: 2,
  workspace: 2,
  search: 2,
  ai: 2,
  importers: 2,
  skills: 2,
  canvas: 2,
  exporters: 2,
  retrieval: 2,
  assistant: 2,
  backup: 2,
  airgap: 2,
  // src/vault is being written on its own branch; named here so its first
  // file is already checked.
  vault: 2,
  voice: 2,
  ui: 3,
  dbus: 3,
  api: 3,
  cli: 3,
};
const LAYER_NAMES = ['core', 'store', 'domain', 'adapter'];
// The command line is the composition root: it may start any adapter.
const MAY_IMPORT_OTHER_ADAPTERS = new Set(['cli']);
const GTK_PACKAGES = /^(node-gtk)(\/|$)/;

function folderOf(absFile, srcRoot) {
  const rel = path.relative(srcRoot, absFile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const first = rel.split(path.sep)[0];
  return first in LAYER_OF_FOLDER ? first : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the core → store → domain → adapters layering' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward:
        '{{from}} ({{fromLayer}} layer) must not import from {{to}} ({{toLayer}} layer): lower layers never call up.',
      sideways: '{{from}} must not import the {{to}} adapter: pass what it needs in through a constructor.',
      gtk: 'Only src/ui may import {{name}}: GTK must stay out of the service, API and CLI paths.',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const srcRoot = path.resolve(context.cwd, options.srcRoot ?? 'src');
    const file = context.filename;
    const fromFolder = folderOf(file, srcRoot);
    if (fromFolder === undefined) return {};
    const fromLayer = LAYER_OF_FOLDER[fromFolder];

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (GTK_PACKAGES.test(specifier)) {
        if (fromFolder !== 'ui') context.report({ node, messageId: 'gtk', data: { name: specifier } });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), specifier);
      const toFolder = folderOf(target, srcRoot);
      if (toFolder === undefined || toFolder === fromFolder) return;
      const toLayer = LAYER_OF_FOLDER[toFolder];
      if (toLayer > fromLayer) {
        context.report({
          node,
          messageId: 'upward',
          data: { from: fromFolder, fromLayer: LAYER_NAMES[fromLayer], to: toFolder, toLayer: LAYER_NAMES[toLayer] },
        });
      } else if (toLayer === 3 && fromLayer === 3 && !MAY_IMPORT_OTHER_ADAPTERS.has(fromFolder)) {
        context.report({ node, messageId: 'sideways', data: { from: fromFolder, to: toFolder } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
