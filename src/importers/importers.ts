import type { Importer } from './importer.js';
import { docxImporter, odtImporter } from './office-importer.js';
import { htmlImporter } from './html-importer.js';
import { imageImporter } from './image-importer.js';
import { jsonCanvasImporter } from './json-canvas.js';
import { markdownImporter } from './markdown-importer.js';
import { pdfImporter } from './pdf-importer.js';
import { textImporter } from './text-importer.js';

/** Every format Sovereign imports; the first importer claiming an extension wins. */
export const IMPORTERS: readonly Importer[] = [markdownImporter, textImporter, pdfImporter, docxImporter, odtImporter, htmlImporter, imageImporter, jsonCanvasImporter];

export function importerFor(extension: string, importers: readonly Importer[] = IMPORTERS): Importer | undefined {
  return importers.find((importer) => importer.extensions.includes(extension));
}

export function supportedExtensions(importers: readonly Importer[] = IMPORTERS): string[] {
  return importers.flatMap((importer) => importer.extensions);
}
