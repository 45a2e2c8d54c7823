import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/store.js';
import { pdfText } from '../exporters/pdf-text.js';

// One workspace for the file: every command is its own process, as when a person types them.
const dataHome = tempDir();
const env = { XDG_DATA_HOME: dataHome };
const out = tempDir();

function sovereign(...args: string[]) {
  return runCli(args, { env });
}

test('sovereign export writes a thread as PDF, canvas and markdown from the command line', () => {
  assert.equal(sovereign('thread', 'add', 'Garden').status, 0);
  const added = sovereign('doc', 'add', 'Tomato log', '--thread', 'Garden', '--content', 'First **fruit** on #3.');
  assert.equal(added.status, 0, added.stderr);
  const id = added.stdout.trim();

  const pdf = sovereign('export', 'pdf', '--thread', 'Garden', '-o', path.join(out, 'garden.pdf'), '--json');
  assert.equal(pdf.status, 0, pdf.stderr);
  assert.deepEqual(JSON.parse(pdf.stdout), { format: 'pdf', out: path.join(out, 'garden.pdf'), documents: 1, relationships: 0 });
  const text = pdfText(path.join(out, 'garden.pdf'));
  assert.match(text, /Garden/);
  assert.match(text, /First fruit on #3\./);

  const one = sovereign('export', 'pdf', id, '-o', path.join(out, 'tomato.pdf'), '--page-size', 'letter', '--margin', '30');
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /Exported 1 documents to .*tomato\.pdf/);

  const canvas = sovereign('export', 'canvas', '--all', '-o', path.join(out, 'all.canvas'));
  assert.equal(canvas.status, 0, canvas.stderr);
  assert.match(fs.readFileSync(path.join(out, 'all.canvas'), 'utf8'), /"text": "# Tomato log\\n\\nFirst \*\*fruit\*\* on #3\."/);

  const markdown = sovereign('export', 'markdown', '--thread', 'Garden', '-o', path.join(out, 'vault'));
  assert.equal(markdown.status, 0, markdown.stderr);
  assert.deepEqual(fs.readdirSync(path.join(out, 'vault', 'Garden')), ['Tomato log.md']);
});

test('export without saying what to export, or with a bad margin, is a usage error', () => {
  const none = sovereign('export', 'pdf', '-o', path.join(out, 'x.pdf'));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /say what to export: a document id, --thread NAME or --all/);
  const margin = sovereign('export', 'pdf', '--all', '--margin', '200', '-o', path.join(out, 'x.pdf'));
  assert.equal(margin.status, 2);
  assert.match(margin.stderr, /the margin “200” is not a number of millimetres from 5 to 60/);
  const format = sovereign('export', 'docx', '--all', '-o', path.join(out, 'x.docx'));
  assert.equal(format.status, 2);
  assert.match(format.stderr, /docx/);
  assert.equal(fs.existsSync(path.join(out, 'x.pdf')), false);
});
