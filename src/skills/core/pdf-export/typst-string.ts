/**
 * Typst source is a programming language: `#`, `$`, `@`, `<`, `[`, `*`, `_`
 * and backticks in plain markup all mean something. So no user text is ever
 * written as markup. It goes into string literals (`#"…";`), where only the
 * backslash and the double quote are special, and control characters are
 * spelled as `\u{…}` so nothing in a note can end the literal early.
 */
export function typstString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return out + '"';
}

/** A piece of user text in markup: an embedded string expression, ended with `;` so the next character cannot extend it. */
export function typstText(text: string): string {
  return text === '' ? '' : `#${typstString(text)};`;
}
