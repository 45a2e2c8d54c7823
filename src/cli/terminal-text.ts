/**
 * Making text from the workspace safe to print on a terminal. A title such
 * as "\e]0;pwned\a" (typed, or taken from an imported heading) would
 * otherwise retitle the terminal window, and other escape sequences can
 * move the cursor, hide text or rewrite what was printed before.
 *
 * The rule for the human-readable output (--json is exact JSON, see
 * jsonText):
 * - single-line fields (titles, names, table cells, messages): every C0
 *   control, DEL and C1 control is shown escaped, "\e" as \x1b, a newline
 *   as \n, always, on a terminal or not: a cell must stay one line.
 * - content (`doc show`, diffs, merge text, generated text): on a terminal,
 *   the same except newlines, tabs and CRLF line ends, which are the
 *   content's layout. Into a pipe or file it goes byte for byte as stored,
 *   so `sovereign doc show ID > copy.md` is an exact copy.
 * Escaping rather than removing: nothing is lost, and the person sees that
 * the text holds something odd.
 */

/** C0 controls, DEL and the C1 controls (U+0080–U+009F; a terminal reads U+009B as CSI). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** As CONTROL, but leaving newlines, tabs and the CR of a CRLF line end. */
const CONTROL_IN_CONTENT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escaped(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** A single-line field with every control character shown escaped. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, escaped);
}

/** Multi-line text for a terminal: controls escaped, line layout kept. */
export function terminalText(text: string): string {
  return text.replace(CONTROL_IN_CONTENT, escaped);
}

/** Content for stdout: escaped for a terminal, exact for a pipe or file. */
export function contentFor(stream: NodeJS.WritableStream, text: string): string {
  return (stream as { isTTY?: boolean }).isTTY === true ? terminalText(text) : text;
}

/**
 * JSON for --json. JSON.stringify escapes C0 but leaves DEL and C1 raw; they
 * are escaped too (\u009b parses back to the same string), so even JSON
 * printed on a terminal cannot carry an escape sequence.
 */
export function jsonText(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
