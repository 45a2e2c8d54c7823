import type { DocType } from '../store/records.js';

/** Serialised GIcons (themed icon names) the Shell shows beside a result, by document type. */
const ICON_OF_TYPE: Record<DocType, string> = {
  markdown: 'text-x-generic',
  text: 'text-x-generic',
  pdf: 'application-pdf',
  docx: 'x-office-document',
  html: 'text-html',
  image: 'image-x-generic',
};

export function resultIconName(docType: DocType): string {
  return ICON_OF_TYPE[docType] ?? 'text-x-generic';
}
