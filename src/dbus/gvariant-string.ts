/**
 * Reads a GVariant text-format string literal as `gsettings get` prints it:
 * 'sov:' or "it's", with backslash escapes. Returns undefined for anything
 * else (a missing key prints an error on stderr, not a literal).
 */
export function parseGVariantString(text: string): string | undefined {
  const source = text.trim();
  const quote = source[0];
  if ((quote !== "'" && quote !== '"') || source.length < 2 || source[source.length - 1] !== quote) return undefined;
  let out = '';
  for (let i = 1; i < source.length - 1; i++) {
    const ch = source[i]!;
    if (ch === quote) return undefined;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = source[++i];
    if (next === undefined) return undefined;
    switch (next) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'u': {
        const hex = source.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case 'U': {
        const hex = source.slice(i + 1, i + 9);
        if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 8;
        break;
      }
      default: out += next;
    }
  }
  return out;
}
