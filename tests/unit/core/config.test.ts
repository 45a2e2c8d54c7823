import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, parseConfigSource } from '../../../src/core/index.js';

test('an empty file gives every default', () => {
  const { config, problems } = parseConfigSource('');
  assert.deepEqual(problems, []);
  assert.deepEqual(config, defaultConfig());
  assert.equal(config.api.host, '127.0.0.1');
});

test('valid values are read', () => {
  const { config, problems } = parseConfigSource('[api]\nport = 9000\n[log]\nlevel = "debug"\n');
  assert.deepEqual(problems, []);
  assert.equal(config.api.port, 9000);
  assert.equal(config.log.level, 'debug');
});

test('a bad value is reported with its key and line and falls back to the default alone', () => {
  const source = '# comment\n[api]\nhost = "127.0.0.1"\nport = "eighty"\n\n[log]\nlevel = "debug"\n';
  const { config, problems } = parseConfigSource(source);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.key, 'api.port');
  assert.equal(problems[0]!.line, 4);
  assert.equal(config.api.port, defaultConfig().api.port);
  assert.equal(config.log.level, 'debug', 'other keys keep their values');
});

test('an unknown key is reported with its name and line', () => {
  const { problems } = parseConfigSource('[store]\nurl = ""\nnamspace = "x"\n');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.key, 'store.namspace');
  assert.equal(problems[0]!.line, 3);
});

test('an unknown table is reported at its header', () => {
  const { problems } = parseConfigSource('[stor]\nurl = "mem://"\n');
  assert.equal(problems[0]!.key, 'stor');
  assert.equal(problems[0]!.line, 1);
});

test('broken TOML gives all defaults and the line of the syntax error', () => {
  const { config, problems } = parseConfigSource('[api]\nport = 80\nlevel = = 3\n');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 3);
  assert.deepEqual(config, defaultConfig());
});

test('dotted keys are located', () => {
  const { problems } = parseConfigSource('ai.models.chat = 5\n');
  assert.equal(problems[0]!.key, 'ai.models.chat');
  assert.equal(problems[0]!.line, 1);
});
