import os from 'node:os';
import path from 'node:path';

/**
 * Where Sovereign keeps its files, following the XDG Base Directory spec.
 * Every location can be moved by the XDG variables, so tests run against a
 * private HOME without touching the user's data.
 */
export interface SovereignPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  databaseDir: string;
  modelsDir: string;
  /** Community skills, one folder per skill id. */
  skillsDir: string;
  cacheDir: string;
  stateDir: string;
  runtimeDir: string;
}

export const APP_DIR_NAME = 'sovereign';

function xdg(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  // The spec says relative paths are invalid and must be ignored.
  return value && path.isAbsolute(value) ? value : fallback;
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): SovereignPaths {
  const home = env['HOME'] && path.isAbsolute(env['HOME']) ? env['HOME'] : os.homedir();
  const configHome = xdg(env, 'XDG_CONFIG_HOME', path.join(home, '.config'));
  const dataHome = xdg(env, 'XDG_DATA_HOME', path.join(home, '.local', 'share'));
  const cacheHome = xdg(env, 'XDG_CACHE_HOME', path.join(home, '.cache'));
  const stateHome = xdg(env, 'XDG_STATE_HOME', path.join(home, '.local', 'state'));
  const runtimeBase = xdg(env, 'XDG_RUNTIME_DIR', os.tmpdir());

  const configDir = path.join(configHome, APP_DIR_NAME);
  const dataDir = path.join(dataHome, APP_DIR_NAME);
  return {
    configDir,
    configFile: path.join(configDir, 'config.toml'),
    dataDir,
    databaseDir: path.join(dataDir, 'database'),
    modelsDir: path.join(dataDir, 'models'),
    skillsDir: path.join(dataDir, 'skills'),
    cacheDir: path.join(cacheHome, APP_DIR_NAME),
    stateDir: path.join(stateHome, APP_DIR_NAME),
    runtimeDir: path.join(runtimeBase, APP_DIR_NAME),
  };
}
