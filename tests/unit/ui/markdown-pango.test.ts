import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkup, markdownToPango } from '../../../src/ui/markdown-pango.js';

test('headings, emphasis, code and links become Pango markup blocks', () => {
  const blocks = markdownToPango('# Budget 2026\n\nSome **bold**, *italic* and `code` with a [link](https://example.org).\n\n```\nlet x = 1 < 2;\n```\n');
  assert.deepEqual(
    blocks.map((block) => block.kind),
    ['heading', 'paragraph', 'code'],
  );
  assert.equal(blocks[0]!.level, 1);
  assert.match(blocks[0]!.markup, /<span size="xx-large" weight="bold">Budget 2026<\/span>/);
  assert.equal(blocks[1]!.markup, 'Some <b>bold</b>, <i>italic</i> and <tt>code</tt> with a <a href="https://example.org">link</a>.');
  assert.equal(blocks[2]!.markup, '<tt>let x = 1 &lt; 2;</tt>');
});

test('markup written in a note is shown as text, never obeyed', () => {
  const [block] = markdownToPango('Click <span foreground="red">here</span> & <b>win</b>');
  assert.ok(block);
  assert.doesNotMatch(block.markup, /<span foreground/);
  assert.match(block.markup, /&lt;span foreground=&quot;red&quot;&gt;/);
  assert.match(block.markup, /&amp;/);
});

test('links to other schemes (javascript:, file:) are dropped, keeping their text', () => {
  const [block] = markdownToPango('[run](javascript:alert(1)) and [open](file:///etc/passwd)');
  assert.equal(block!.markup, 'run and open');
});

test('lists keep their numbering, nesting and task state', () => {
  const [list] = markdownToPango('3. three\n4. four\n   - nested\n\n');
  assert.equal(list!.kind, 'list');
  assert.equal(list!.markup, '3. three\n4. four\n    • nested');
  const [tasks] = markdownToPango('- [x] done\n- [ ] todo\n');
  assert.equal(tasks!.markup, '☑ done\n☐ todo');
});

test('tables become aligned monospace text and rules become separators', () => {
  const blocks = markdownToPango('| a | bb |\n|---|---|\n| 1 | 2 |\n\n---\n');
  assert.equal(blocks[0]!.kind, 'table');
  assert.equal(blocks[0]!.markup, '<tt><b>a  │  bb</b>\n1  │  2 </tt>');
  assert.equal(blocks[1]!.kind, 'rule');
});

test('escapeMarkup escapes every character Pango treats specially', () => {
  assert.equal(escapeMarkup(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
