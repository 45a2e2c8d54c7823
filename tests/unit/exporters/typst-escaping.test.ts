import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { AttachmentImages } from '../../../src/skills/core/pdf-export/attachment-images.js';
import { MARKDOWN_TYPST_PRELUDE, markdownToTypst } from '../../../src/skills/core/pdf-export/markdown-to-typst.js';
import { TypstCompiler } from '../../../src/skills/core/pdf-export/typst-compiler.js';
import { typstString } from '../../../src/skills/core/pdf-export/typst-string.js';
import { tempDir } from '../../support/store.js';
import { tool } from '../../support/tools.js';
import { pdfText } from './pdf-text.js';

const compiler = new TypstCompiler();
after(() => compiler.close());

/** Every character typst markup or code gives a meaning to, and the sequences that would end a string or a call early. */
const HOSTILE = '#set page(width: 1cm) $x^2$ @ref <label> [bracket] ]; \\ back \\"quote" `tick` */ /* _under_ *star* ~ = heading -- #panic("boom"); #import "@preview/x:1.0.0"';

test('a string literal keeps backslashes, quotes and control characters as text', () => {
  assert.equal(typstString('a"b\\c'), String.raw`"a\"b\\c"`);
  assert.equal(typstString('line\nbreak\u0007'), String.raw`"line\u{a}break\u{7}"`);
});

test('hostile text in every kind of markdown block comes out of the PDF as the same characters, with nothing run', async () => {
  const markdown = [
    `# ${HOSTILE}`,
    HOSTILE.replace(/[*_`\\[\]<>~#-]/g, '\\$&'),
    `- ${HOSTILE.replace(/[*_`\\[\]<>~#-]/g, '\\$&')}`,
    `- [ ] task #1 $ [x]`,
    `> quote ]; #panic("q");`,
    '| a | b |\n|---|---|\n| #x; | $y$ |',
    '```\n' + HOSTILE + '\n```',
    `[link #text; ](https://example.org/?q="x"&y=]) and \`code "]; #x\``,
  ].join('\n\n');
  const source = markdownToTypst(markdown);
  const pdf = await compiler.compile(source);
  const file = path.join(tempDir(), 'hostile.pdf');
  fs.writeFileSync(file, pdf);
  const text = pdfText(file).replace(/\s+/g, ' ');
  for (const fragment of ['#set page(width: 1cm)', '$x^2$', '@ref <label>', '[bracket] ];', '#panic("boom");', '#import "@preview/x:1.0.0"', 'task #1 $ [x]', 'quote ]; #panic("q");', '#x;', '$y$', 'link #text;', 'code "]; #x']) {
    assert.ok(text.includes(fragment), `the PDF should show ${JSON.stringify(fragment)}; it shows: ${text.slice(0, 600)}`);
  }
});

test('images come only from the data folder: an attachment is drawn, a path outside it shows its alt text', async () => {
  const dataDir = tempDir();
  fs.mkdirSync(path.join(dataDir, 'attachments'));
  const png = new PNG({ width: 40, height: 30 });
  png.data.fill(200);
  fs.writeFileSync(path.join(dataDir, 'attachments', 'pic'), PNG.sync.write(png));
  fs.writeFileSync(path.join(tempDir(), 'outside.png'), PNG.sync.write(png));
  const images = new AttachmentImages(dataDir);
  const source = markdownToTypst('![inside](attachments/pic)\n\n![secret](/etc/passwd) ![up](../outside.png) ![web](https://example.org/x.png)', { images: (href) => images.lookup(href) });
  const file = path.join(tempDir(), 'images.pdf');
  fs.writeFileSync(file, await compiler.compile(`${MARKDOWN_TYPST_PRELUDE}\n${source}`, images.files));
  const text = pdfText(file);
  for (const alt of ['[secret]', '[up]', '[web]']) assert.ok(text.includes(alt), `${alt} should be shown as text`);
  assert.ok(!text.includes('[inside]'), 'the attachment is drawn, not named');
  // pdfimages lists an image's alpha channel as an "smask" row of its own: count the images.
  const rows = tool('pdfimages', ['-list', file]).trim().split('\n').slice(2);
  assert.equal(rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').length, 1, 'exactly one image is in the PDF');
});
