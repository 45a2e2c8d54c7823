import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { po } from 'gettext-parser';
import { repoRoot } from '../../support/repo.js';

const poDir = path.join(repoRoot, 'po');
const languages = fs
  .readFileSync(path.join(poDir, 'LINGUAS'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

test('every language in LINGUAS has a catalogue', () => {
  assert.ok(languages.length > 0);
  for (const language of languages) assert.ok(fs.existsSync(path.join(poDir, `${language}.po`)), `po/${language}.po is missing`);
});

test('every translation keeps the {placeholders} of its original', () => {
  const broken: string[] = [];
  for (const language of languages) {
    const catalogue = po.parse(fs.readFileSync(path.join(poDir, `${language}.po`)));
    for (const context of Object.values(catalogue.translations)) {
      for (const [msgid, entry] of Object.entries(context)) {
        if (!msgid || /fuzzy/.test(entry.comments?.flag ?? '')) continue;
        const expected = placeholders(entry.msgid_plural ? entry.msgid_plural : msgid);
        for (const msgstr of entry.msgstr) {
          if (msgstr && placeholders(msgstr).join() !== expected.join()) broken.push(`${language}: ${msgid} → ${msgstr}`);
        }
      }
    }
  }
  assert.deepEqual(broken, []);
});
