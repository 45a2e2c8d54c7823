import { tool } from '../../support/tools.js';

/** What a reader sees in a PDF: its text in reading order (pdftotext -layout) and its page count (pdfinfo). */
export function pdfText(file: string): string {
  return tool('pdftotext', ['-layout', file, '-']);
}

export function pdfPages(file: string): number {
  const match = /^Pages:\s+(\d+)$/m.exec(tool('pdfinfo', [file]));
  if (!match) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(match[1]);
}
