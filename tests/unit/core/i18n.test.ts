import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { mo } from 'gettext-parser';
import { _, format, initI18n, ngettext, pgettext, preferredLanguages } from '../../../src/core/index.js';

test('LANGUAGE comes first, then the locale, each followed by its base language', () => {
  assert.deepEqual(preferredLanguages({ LANGUAGE: 'fr_CA:de', LANG: 'en_GB.UTF-8' }), ['fr_CA', 'fr', 'de', 'en_GB', 'en']);
});

test('LC_ALL overrides LC_MESSAGES, which overrides LANG', () => {
  assert.deepEqual(preferredLanguages({ LC_ALL: 'nl_NL.UTF-8', LC_MESSAGES: 'de_DE', LANG: 'fr_FR' }), ['nl_NL', 'nl']);
  assert.deepEqual(preferredLanguages({ LC_MESSAGES: 'de_DE', LANG: 'fr_FR' }), ['de_DE', 'de']);
});

test('encoding and modifier are stripped', () => {
  assert.deepEqual(preferredLanguages({ LANG: 'sr_RS.UTF-8@latin' }), ['sr_RS', 'sr']);
});

test('the C locale means untranslated, even with LANGUAGE set; C.UTF-8 still honours LANGUAGE', () => {
  assert.deepEqual(preferredLanguages({ LANGUAGE: 'de', LANG: 'C' }), []);
  assert.deepEqual(preferredLanguages({ LANGUAGE: 'de', LC_ALL: 'POSIX' }), []);
  assert.deepEqual(preferredLanguages({ LANGUAGE: 'de', LANG: 'C.UTF-8' }), ['de']);
  assert.deepEqual(preferredLanguages({ LANG: 'C.UTF-8' }), []);
});

test('the first language with a catalogue is loaded and used by _(), ngettext() and pgettext()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-i18n-'));
  try {
    const catalogue = {
      charset: 'utf-8',
      headers: { 'Content-Type': 'text/plain; charset=UTF-8', 'Plural-Forms': 'nplurals=2; plural=(n != 1);' },
      translations: {
        '': {
          Open: { msgid: 'Open', msgstr: ['Öffnen'] },
          '{count} document': { msgid: '{count} document', msgid_plural: '{count} documents', msgstr: ['{count} Dokument', '{count} Dokumente'] },
        },
        menu: { File: { msgctxt: 'menu', msgid: 'File', msgstr: ['Datei'] } },
      },
    };
    fs.mkdirSync(path.join(dir, 'de', 'LC_MESSAGES'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'de', 'LC_MESSAGES', 'sovereign.mo'), mo.compile(catalogue));

    // fr has no catalogue here, so German is the first match.
    assert.equal(initI18n([dir], { LANGUAGE: 'fr:de', LANG: 'en_US.UTF-8' }), 'de');
    assert.equal(_('Open'), 'Öffnen');
    assert.equal(_('Not translated'), 'Not translated');
    assert.equal(format(ngettext('{count} document', '{count} documents', 3), { count: 3 }), '3 Dokumente');
    assert.equal(format(ngettext('{count} document', '{count} documents', 1), { count: 1 }), '1 Dokument');
    assert.equal(pgettext('menu', 'File'), 'Datei');
    assert.equal(initI18n([dir], { LANGUAGE: 'ja', LANG: 'ja_JP.UTF-8' }), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('format() fills named placeholders and leaves unknown ones visible', () => {
  assert.equal(format('{name} has {n} versions', { name: 'budget.md', n: 4 }), 'budget.md has 4 versions');
  assert.equal(format('missing {what}', {}), 'missing {what}');
});
