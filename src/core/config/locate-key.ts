/**
 * Finds the 1-based line of a key in TOML source, so a validation error can
 * point at it. TOML allows the same key to be written several ways; this
 * handles the forms a person writes by hand: [table] headers, [table.sub]
 * headers, dotted keys and quoted keys. Returns undefined when not found.
 */
export function locateKey(source: string, keyPath: readonly (string | number)[]): number | undefined {
  const wanted = keyPath.map(String);
  let table: string[] = [];
  let tableLine: number | undefined;
  let bestTableLine: number | undefined;
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (line === '') continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = splitDotted(header[1]!);
      tableLine = i + 1;
      if (startsWith(wanted, table) && table.length === wanted.length) return tableLine;
      if (startsWith(wanted, table) && bestTableLine === undefined) bestTableLine = tableLine;
      continue;
    }
    const assignment = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\-\s])+?)\s*=/.exec(line);
    if (!assignment) continue;
    const full = [...table, ...splitDotted(assignment[1]!)];
    if (full.length <= wanted.length && startsWith(wanted, full)) return i + 1;
  }
  void tableLine;
  return bestTableLine;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

function splitDotted(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*(?:\.|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key)) !== null && match[0] !== '') {
    parts.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return parts;
}

function startsWith(whole: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((part, i) => whole[i] === part);
}
