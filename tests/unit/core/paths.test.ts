import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { resolvePaths } from '../../../src/core/index.js';

test('every location follows its XDG variable', () => {
  const paths = resolvePaths({
    HOME: '/home/ada',
    XDG_CONFIG_HOME: '/cfg',
    XDG_DATA_HOME: '/data',
    XDG_CACHE_HOME: '/cache',
    XDG_STATE_HOME: '/state',
    XDG_RUNTIME_DIR: '/run/user/1000',
  });
  assert.equal(paths.configDir, '/cfg/sovereign');
  assert.equal(paths.configFile, '/cfg/sovereign/config.toml');
  assert.equal(paths.dataDir, '/data/sovereign');
  assert.equal(paths.databaseDir, '/data/sovereign/database');
  assert.equal(paths.modelsDir, '/data/sovereign/models');
  assert.equal(paths.skillsDir, '/data/sovereign/skills');
  assert.equal(paths.cacheDir, '/cache/sovereign');
  assert.equal(paths.stateDir, '/state/sovereign');
  assert.equal(paths.runtimeDir, '/run/user/1000/sovereign');
});

test('without XDG variables the spec defaults under HOME are used', () => {
  const paths = resolvePaths({ HOME: '/home/ada' });
  assert.equal(paths.configFile, '/home/ada/.config/sovereign/config.toml');
  assert.equal(paths.dataDir, '/home/ada/.local/share/sovereign');
  assert.equal(paths.cacheDir, '/home/ada/.cache/sovereign');
  assert.equal(paths.stateDir, '/home/ada/.local/state/sovereign');
  assert.equal(paths.runtimeDir, `${os.tmpdir()}/sovereign`);
});

test('relative XDG values are ignored, as the spec requires', () => {
  const paths = resolvePaths({ HOME: '/home/ada', XDG_CONFIG_HOME: 'relative/config', XDG_DATA_HOME: '' });
  assert.equal(paths.configDir, '/home/ada/.config/sovereign');
  assert.equal(paths.dataDir, '/home/ada/.local/share/sovereign');
});

test('a relative HOME falls back to the account home directory', () => {
  const paths = resolvePaths({ HOME: 'not/absolute' });
  assert.equal(paths.configDir, `${os.homedir()}/.config/sovereign`);
});
