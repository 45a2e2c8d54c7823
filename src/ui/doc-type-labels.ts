import { _ } from '../core/index.js';
import type { DocType } from '../store/records.js';

/** How each document type is named to a person. */
export const DOC_TYPE_LABELS: Record<DocType, string> = {
  markdown: _('Note'),
  text: _('Text'),
  pdf: _('PDF'),
  docx: _('Word Document'),
  html: _('Web Page'),
  image: _('Image'),
};
