import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { SovereignError, configureLogging, createLogger, currentLogLevel } from '../../../src/core/index.js';

const lines: string[] = [];
const sink = { write: (line: string) => void lines.push(line) };
const envLevel = process.env['SOVEREIGN_LOG'];
delete process.env['SOVEREIGN_LOG'];

afterEach(() => {
  lines.length = 0;
  delete process.env['SOVEREIGN_LOG'];
});

test('records below the level are dropped, those at or above it are written', () => {
  configureLogging({ level: 'info', format: 'json', sink });
  const log = createLogger('store');
  log.debug('hidden');
  log.trace('hidden too');
  log.info('opened');
  log.warn('slow');
  log.error('failed');
  assert.deepEqual(
    lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
    ['opened', 'slow', 'failed'],
  );
  assert.equal(log.enabled('debug'), false);
  assert.equal(log.enabled('warn'), true);
});

test('a JSON record has time, level, scope, message and the fields, errors reduced to name, message and kind', () => {
  configureLogging({ level: 'debug', format: 'json', sink });
  createLogger('ai').child('router').debug('routed', {
    intent: 'search',
    tokens: 12n,
    error: new SovereignError('model', 'no model loaded'),
  });
  const record = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(record['level'], 'debug');
  assert.equal(record['scope'], 'ai.router');
  assert.equal(record['msg'], 'routed');
  assert.equal(record['intent'], 'search');
  assert.equal(record['tokens'], '12');
  assert.deepEqual(record['error'], { name: 'SovereignError', message: 'no model loaded', kind: 'model' });
  assert.ok(!Number.isNaN(Date.parse(record['time'] as string)));
});

test('the text format is one readable line', () => {
  configureLogging({ level: 'info', format: 'text', sink });
  createLogger('cli').warn('config problem', { key: 'api.port', line: 4 });
  assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} WARN  cli: config problem key=api\.port line=4$/);
});

test('SOVEREIGN_LOG wins over the level from the config file', () => {
  configureLogging({ level: 'error', format: 'json', sink });
  process.env['SOVEREIGN_LOG'] = 'trace';
  configureLogging({ level: 'info' });
  assert.equal(currentLogLevel(), 'error', 'the file may not override the environment');
  delete process.env['SOVEREIGN_LOG'];
  configureLogging({ level: 'info' });
  assert.equal(currentLogLevel(), 'info');
});

if (envLevel !== undefined) process.env['SOVEREIGN_LOG'] = envLevel;
