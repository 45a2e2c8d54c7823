import { resolvePaths, type SovereignPaths } from '../core/index.js';
import type { OriginalReader } from '../importers/original-reader.js';
import type { GraphStore } from '../store/index.js';
import type { CoreSkill } from '../skills/index.js';
import { MarkdownEditorSkill } from '../skills/core/markdown-editor/markdown-editor-skill.js';
import { ImageViewerSkill } from '../skills/core/image-viewer/image-viewer-skill.js';
import { createPdfExportSkill } from '../skills/core/pdf-export/pdf-export-skill.js';
import { sharedTypstCompiler } from '../skills/core/pdf-export/typst-compiler.js';

/**
 * The core skills this build of Sovereign ships, for `sovereign skill ls`
 * and for the processes that run skills. Each core skill adds itself here
 * (the markdown editor, PDF export, the image viewer) as it lands; building
 * the list must not load GTK, so a skill's GTK code loads in its load().
 */
export function builtinSkills(paths: SovereignPaths = resolvePaths(), store?: GraphStore): CoreSkill[] {
  return [new MarkdownEditorSkill(paths.dataDir), createPdfExportSkill(sharedTypstCompiler()), new ImageViewerSkill(paths.dataDir, store ? originalsOf(store, paths.dataDir) : null)];
}

/** The open workspace's originals, read through an import service (decrypted in a vault), loaded when first read. */
function originalsOf(store: GraphStore, dataDir: string): OriginalReader {
  let imports: Promise<OriginalReader> | undefined;
  return {
    async readOriginal(mediaRef) {
      imports ??= import('../importers/import-service.js').then(({ ImportService }) => new ImportService(store, dataDir));
      return (await imports).readOriginal(mediaRef);
    },
  };
}
