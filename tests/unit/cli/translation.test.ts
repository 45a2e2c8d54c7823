import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../support/run-cli.js';

// Reads the German catalogue that build-aux/build compiled from po/de.po.
test('under LANGUAGE=de the help is German', () => {
  const result = runCli(['--help'], { env: { LANGUAGE: 'de' } });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Aufruf: sovereign/);
  assert.match(result.stdout, /Dateien zum Öffnen oder Importieren/);
  assert.match(result.stdout, /Version anzeigen und beenden/);
});

test('under LANGUAGE=de errors are German too', () => {
  const result = runCli(['frobnicate'], { env: { LANGUAGE: 'de', LANG: 'de_DE.UTF-8' } });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Unbekannter Befehl „frobnicate“/);
});

test('without a translation for the language the English text is shown', () => {
  const result = runCli(['--help'], { env: { LANGUAGE: 'xx' } });
  assert.match(result.stdout, /^Usage: sovereign/);
});

test("under LANGUAGE=de commander's usage errors are German", () => {
  const missing = runCli(['doc', 'add'], { env: { LANGUAGE: 'de' } });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Erforderliches Argument „title“ fehlt/);
  const unknown = runCli(['doc', 'ls', '--frobnicate'], { env: { LANGUAGE: 'de' } });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unbekannte Option „--frobnicate“/);
});
