import type { CliContext } from './context.js';
import { contentFor, jsonText, oneLine } from './terminal-text.js';

/**
 * Prints a value as JSON (for --json) or as the given human-readable text.
 * The human text is content (see terminal-text.ts): escaped on a terminal,
 * exact into a pipe; single-line fields inside it are made safe where they
 * are formatted (formatTable, oneLine).
 */
export function printResult(ctx: CliContext, json: boolean, value: unknown, human: () => string): void {
  if (json) {
    ctx.stdout.write(jsonText(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)) + '\n');
  } else {
    const text = human();
    if (text) ctx.stdout.write(contentFor(ctx.stdout, text.endsWith('\n') ? text : text + '\n'));
  }
}

/** Lays out rows as aligned columns for terminal output; every cell is shown on one line, controls escaped. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const safeRows = rows.map((row) => row.map(oneLine));
  const widths = headers.map((header, i) => Math.max(header.length, ...safeRows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...safeRows.map(line)].join('\n');
}
