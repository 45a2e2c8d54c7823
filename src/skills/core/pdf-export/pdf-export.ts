import { _, format } from '../../../core/index.js';
import type { Document } from '../../../store/records.js';
import type { OriginalReader } from '../../../importers/original-reader.js';
import { AttachmentImages } from './attachment-images.js';
import { markdownToTypst, plainTextToTypst } from './markdown-to-typst.js';
import { pdfOptions, type PdfOptionsInput } from './pdf-options.js';
import type { TypstCompiler } from './typst-compiler.js';
import { typstDocument, type PdfBook, type PdfSection } from './typst-document.js';
import { typstString } from './typst-string.js';

export interface PdfExportRequest {
  kind: 'document' | 'thread';
  title: string;
  description?: string;
  /** In the order they appear (a thread's: by creation date). */
  documents: readonly Document[];
  /** Where attachments (mediaRef, images a note shows) are looked up. */
  dataDir: string;
  /** How originals (`attachments/<sha256>`) are read: the import service, which decrypts them in a vault. Without it they are read as plain files. */
  originals?: OriginalReader;
  options?: PdfOptionsInput;
  /** The date in the header; default now. */
  date?: Date;
}

export type PdfExportStage = 'converting' | 'typesetting';

export interface PdfExportControl {
  signal?: AbortSignal;
  onProgress?: (stage: PdfExportStage, done: number, total: number) => void;
}

/**
 * The PDF export core skill: documents in, PDF bytes out. Markdown goes to
 * typst markup (markdown-to-typst.ts), the book gets its title page and
 * contents (typst-document.ts), and typst typesets it in a worker thread.
 */
export async function exportPdf(request: PdfExportRequest, compiler: TypstCompiler, control: PdfExportControl = {}): Promise<Uint8Array> {
  const options = pdfOptions(request.options);
  const images = new AttachmentImages(request.dataDir, request.originals ?? null);
  const total = request.documents.length;
  const sections: PdfSection[] = [];
  for (const [i, doc] of request.documents.entries()) {
    control.signal?.throwIfAborted();
    sections.push({ title: doc.title, createdAt: doc.createdAt, modifiedAt: doc.modifiedAt, body: await sectionBodyWithImages(doc, images) });
    control.onProgress?.('converting', i + 1, total);
  }
  const book: PdfBook = { kind: request.kind, title: request.title, description: request.description ?? '', date: request.date ?? new Date(), sections };
  const source = typstDocument(book, options, {
    contents: _('Contents'),
    documentCount: format(_('{count} documents'), { count: total }),
    created: _('Created'),
    modified: _('Modified'),
  });
  control.onProgress?.('typesetting', 0, 1);
  const pdf = await compiler.compile(source, images.files, control.signal);
  control.onProgress?.('typesetting', 1, 1);
  return pdf;
}

/**
 * The section's body with its images loaded: a first conversion lists the
 * images it would show (converting takes milliseconds, reading an original
 * may decrypt megabytes), they are read, and only a document that shows
 * any is converted again with them.
 */
async function sectionBodyWithImages(doc: Document, images: AttachmentImages): Promise<string> {
  const hrefs = new Set<string>();
  const first = sectionBody(doc, {
    lookup: (href) => {
      hrefs.add(href);
      return null;
    },
  });
  if (hrefs.size === 0) return first;
  await images.load(hrefs);
  return sectionBody(doc, images);
}

function sectionBody(doc: Document, images: Pick<AttachmentImages, 'lookup'>): string {
  // The document's title is the level 1 heading, so its own headings move one level down.
  const body = doc.docType === 'text' ? plainTextToTypst(doc.content) : markdownToTypst(doc.content, { headingOffset: 1, images: (href) => images.lookup(href) });
  if (doc.docType === 'image' && doc.mediaRef) {
    const image = images.lookup(doc.mediaRef);
    if (image !== null) return `#align(center, sovereign-image(${typstString(image)}, ${typstString(doc.title)}));\n\n${body}`;
  }
  return body;
}

