import assert from 'node:assert/strict';
import { test } from 'node:test';
import gi from 'node-gtk';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { BufferTextMirror } from '../../../src/ui/editor/buffer-text-mirror.js';
import { seededRandom } from '../../fixtures/workspace-fixture.js';

// A GtkTextBuffer needs no display: the real one, not a stand-in.
const Gtk = gi.require('Gtk', '4.0') as typeof GtkT;
const GObject = gi.require('GObject', '2.0') as { signalStopEmissionByName(instance: object, signal: string): void };

function bufferWith(text: string): { buffer: GtkT.TextBuffer; mirror: BufferTextMirror } {
  const buffer = new Gtk.TextBuffer();
  buffer.setText(text, -1);
  return { buffer, mirror: new BufferTextMirror(buffer, text) };
}

const contents = (buffer: GtkT.TextBuffer) => buffer.getText(buffer.getStartIter(), buffer.getEndIter(), true);

test('the editor reads the same text as the buffer holds after typing, deleting and pasting, emoji and accents included', () => {
  const random = seededRandom(7);
  const pieces = ['a', ' ', '\n', 'é', 'ß', '😀', '👍🏽', '中文', '# Heading\n', '**bold**', '𝄞 clef'];
  const { buffer, mirror } = bufferWith('Start 🌍 here\n');
  for (let step = 0; step < 400; step++) {
    const length = buffer.getCharCount();
    const at = Math.floor(random() * (length + 1));
    const choice = random();
    if (choice < 0.25) {
      // Typing in one place, then Backspace.
      for (const char of ['w', 'o', '😀', 'r', 'd']) buffer.insertAtCursor(char, -1);
      for (let back = 0; back < 2; back++) {
        const cursor = buffer.getIterAtMark(buffer.getInsert());
        const before = buffer.getIterAtOffset(Math.max(0, cursor.getOffset() - 1));
        buffer.delete(before, cursor);
      }
      buffer.placeCursor(buffer.getIterAtOffset(at));
    } else if (choice < 0.55) {
      buffer.insert(buffer.getIterAtOffset(at), pieces[Math.floor(random() * pieces.length)]!, -1);
    } else if (choice < 0.65) {
      // Part of a string: the buffer takes only the first bytes given.
      buffer.insert(buffer.getIterAtOffset(at), 'xyz😀tail', 3);
    } else if (choice < 0.97) {
      const end = Math.min(length, at + 1 + Math.floor(random() * 6));
      buffer.delete(buffer.getIterAtOffset(at), buffer.getIterAtOffset(end));
    } else {
      buffer.setText('Replaced 😀 all', -1);
    }
    assert.equal(mirror.read(), contents(buffer), `after step ${step}`);
  }
  assert.equal(mirror.resyncs, 0, 'the copy followed every change without reading the whole buffer again');
});

test('string offsets (as citations count) and buffer character offsets convert both ways around emoji', () => {
  const text = 'a😀b👍🏽c\nd';
  const { mirror } = bufferWith(text);
  const characters = [...text];
  for (let char = 0; char <= characters.length; char++) {
    const stringOffset = characters.slice(0, char).join('').length;
    assert.equal(mirror.stringOffset(char), stringOffset, `character ${char}`);
    assert.equal(mirror.charOffset(stringOffset), char, `string offset ${stringOffset}`);
  }
});

test('an insertion another handler cancels is not in the text the editor reads', () => {
  const { buffer, mirror } = bufferWith('keep this');
  // Connected after the mirror's handler: the mirror has already seen the insertion the buffer then drops.
  const refuse = () => GObject.signalStopEmissionByName(buffer, 'insert-text');
  buffer.on('insert-text', refuse);
  buffer.insert(buffer.getEndIter(), ' and not this', -1);
  buffer.off('insert-text', refuse);
  assert.equal(mirror.read(), 'keep this');
  assert.equal(mirror.resyncs, 1);
  buffer.insert(buffer.getEndIter(), '!', -1);
  assert.equal(mirror.read(), 'keep this!');
});
