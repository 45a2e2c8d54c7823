import type { CliContext } from './context.js';

/** Prints a value as JSON (for --json) or as the given human-readable lines. */
export function printResult(ctx: CliContext, json: boolean, value: unknown, human: () => string): void {
  if (json) {
    ctx.stdout.write(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  } else {
    const text = human();
    if (text) ctx.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

/** Lays out rows as aligned columns for terminal output. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
