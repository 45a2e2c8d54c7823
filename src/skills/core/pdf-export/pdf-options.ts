import { z } from 'zod';
import { BUNDLED_FONTS } from './pdf-fonts.js';

/**
 * What a person can choose for a PDF, in one schema with its defaults: the
 * CLI flags, the export dialog and the skill all read it. Margins are in
 * millimetres; fonts are only the bundled ones, so a PDF made on one
 * machine is the same on every other.
 */
export const PDF_PAGE_SIZES = ['a4', 'us-letter'] as const;
export const PDF_FONTS = Object.keys(BUNDLED_FONTS) as [keyof typeof BUNDLED_FONTS, ...(keyof typeof BUNDLED_FONTS)[]];

export const pdfOptionsSchema = z.object({
  pageSize: z.enum(PDF_PAGE_SIZES).default('a4'),
  marginMm: z.number().min(5).max(60).default(20),
  font: z.enum(PDF_FONTS).default('sans'),
  /** Title left, date right, at the top of every page but the title page. */
  header: z.boolean().default(true),
  /** "page / pages" at the bottom of every page. */
  footer: z.boolean().default(true),
});

export type PdfOptions = z.infer<typeof pdfOptionsSchema>;
export type PdfOptionsInput = z.input<typeof pdfOptionsSchema>;

export function pdfOptions(input: PdfOptionsInput = {}): PdfOptions {
  return pdfOptionsSchema.parse(input);
}
