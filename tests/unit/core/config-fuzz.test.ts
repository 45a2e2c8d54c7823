import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, parseConfigSource } from '../../../src/core/index.js';
import { FuzzRandom } from '../../support/fuzz-random.js';
import { HOSTILE_CONFIG_SOURCES, hostileConfigSource } from '../../support/hostile-config.js';

// Seeded hostile config.toml contents straight into the parser and the
// schema: whatever the file holds, loading reports what is wrong and falls
// back to defaults, and never throws.
const SEED = 0xc0f16;
const SOURCES = 1500;

test(`${SOURCES} hostile config files (seed ${SEED}) load as defaults plus named problems, never a crash`, () => {
  const random = new FuzzRandom(SEED);
  const sources = [...HOSTILE_CONFIG_SOURCES];
  while (sources.length < SOURCES) sources.push(hostileConfigSource(random));
  let withProblems = 0;
  sources.forEach((source, index) => {
    const where = `#${index} ${JSON.stringify(source.slice(0, 120))}`;
    let loaded: ReturnType<typeof parseConfigSource>;
    try {
      loaded = parseConfigSource(source, '/home/me/.config/sovereign/config.toml');
    } catch (error) {
      assert.fail(`${where}: loading threw ${String(error)}`);
    }
    // What came out is a whole, valid configuration, whatever went in.
    assert.doesNotThrow(() => configSchema.parse(loaded.config), where);
    assert.equal(Object.getPrototypeOf(loaded.config), Object.prototype, where);
    for (const problem of loaded.problems) {
      assert.ok(problem.message.trim().length > 0, `${where}: a problem without a message`);
      assert.doesNotMatch(problem.message, /\[object Object\]|^\s+at /m, where);
      assert.ok(problem.line === undefined || (Number.isInteger(problem.line) && problem.line >= 1), `${where}: line ${problem.line}`);
    }
    if (loaded.problems.length > 0) withProblems++;
  });
  // The generator reaches both sides: files that load cleanly and files with problems.
  assert.ok(withProblems > SOURCES / 4 && withProblems < SOURCES, `${withProblems} of ${SOURCES} had problems`);
});
