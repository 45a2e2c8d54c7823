import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';

/**
 * Markdown formatting commands on a text buffer, each one undoable step.
 * They act on the selection, or at the cursor when nothing is selected.
 */

/** Ctrl+B / Ctrl+I: puts the marker around the selection, or a pair of them around the cursor. */
export function wrapSelection(buffer: GtkT.TextBuffer, marker: string): void {
  buffer.beginUserAction();
  const [selected, start, end] = buffer.getSelectionBounds();
  if (selected) {
    const endMark = buffer.createMark(null, end, false);
    buffer.insert(start, marker, -1);
    const afterText = buffer.getIterAtMark(endMark);
    buffer.insert(afterText, marker, -1);
    buffer.deleteMark(endMark);
  } else {
    buffer.insertAtCursor(marker + marker, -1);
    const cursor = buffer.getIterAtMark(buffer.getInsert());
    cursor.backwardChars(marker.length);
    buffer.placeCursor(cursor);
  }
  buffer.endUserAction();
}

/** Ctrl+K: the selection becomes a link's text, with the address part selected to type over. */
export function insertLink(buffer: GtkT.TextBuffer): void {
  buffer.beginUserAction();
  const [selected, start, end] = buffer.getSelectionBounds();
  const text = selected ? buffer.getText(start, end, true) : '';
  if (selected) buffer.delete(start, end);
  const placeholder = 'https://';
  buffer.insertAtCursor(`[${text}](${placeholder})`, -1);
  const urlEnd = buffer.getIterAtMark(buffer.getInsert());
  urlEnd.backwardChar();
  const urlStart = urlEnd.copy();
  urlStart.backwardChars(placeholder.length);
  buffer.selectRange(urlStart, urlEnd);
  buffer.endUserAction();
}

/** Ctrl+1..3: makes the cursor's line a heading of that level (replacing any heading marks). */
export function setHeading(buffer: GtkT.TextBuffer, level: number): void {
  buffer.beginUserAction();
  const cursor = buffer.getIterAtMark(buffer.getInsert());
  const lineStart = cursor.copy();
  lineStart.setLineOffset(0);
  const lineEnd = lineStart.copy();
  if (!lineEnd.endsLine()) lineEnd.forwardToLineEnd();
  const line = buffer.getText(lineStart, lineEnd, true);
  const existing = /^#{1,6}\s*/.exec(line)?.[0].length ?? 0;
  if (existing > 0) {
    const markEnd = lineStart.copy();
    markEnd.forwardChars(existing);
    buffer.delete(lineStart, markEnd);
  }
  buffer.insert(lineStart, '#'.repeat(level) + ' ', -1);
  buffer.endUserAction();
}
