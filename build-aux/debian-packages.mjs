#!/usr/bin/env node
// Prints, one per line, the Debian packages Sovereign needs to build, run and
// test, read from debian/control (the one place they are listed): the
// source's Build-Depends (test-only ones carry the <!nocheck> profile) and the
// binary package's Depends. Version constraints and substitution variables
// are dropped; of alternatives the first is taken.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const control = fs.readFileSync(path.join(root, 'debian', 'control'), 'utf8');

// debian/control is RFC 822-like: stanzas separated by blank lines, fields
// continued on lines that start with whitespace, comments start with '#'.
const stanzas = control
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join('\n')
  .split(/\n\s*\n/)
  .map((stanza) => {
    const fields = {};
    let current;
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && current) fields[current] += ' ' + line.trim();
      else {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (m) fields[(current = m[1].toLowerCase())] = m[2];
      }
    }
    return fields;
  });

const wanted = ['build-depends', 'build-depends-indep', 'build-depends-arch', 'depends'];
const virtualToReal = { 'debhelper-compat': 'debhelper' };
const names = new Set();
for (const stanza of stanzas) {
  for (const field of wanted) {
    if (!stanza[field]) continue;
    for (const entry of stanza[field].split(',')) {
      const first = entry.split('|')[0].trim();
      if (!first || first.startsWith('${')) continue;
      const name = first.split(/[\s(<[:]/)[0];
      names.add(virtualToReal[name] ?? name);
    }
  }
}
process.stdout.write([...names].sort().join('\n') + '\n');
