import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGVariantString } from '../../../src/dbus/gvariant-string.js';

test('single- and double-quoted literals as gsettings prints them are read', () => {
  assert.equal(parseGVariantString("'sov:'\n"), 'sov:');
  assert.equal(parseGVariantString('"it\'s"'), "it's");
});

test('escapes are decoded', () => {
  assert.equal(parseGVariantString("'a\\'b'"), "a'b");
  assert.equal(parseGVariantString("'\\u00e9t\\u00e9'"), 'été');
  assert.equal(parseGVariantString("'tab\\there'"), 'tab\there');
});

test('anything that is not one string literal is refused', () => {
  assert.equal(parseGVariantString('No such schema “org.sovereign.Sovereign”'), undefined);
  assert.equal(parseGVariantString("'unterminated"), undefined);
  assert.equal(parseGVariantString("'a' 'b'"), undefined);
  assert.equal(parseGVariantString('42'), undefined);
  assert.equal(parseGVariantString("'bad \\u12'"), undefined);
});
