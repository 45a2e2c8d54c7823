import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether a test runs from build/tests/… or elsewhere. */
export const repoRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (path.basename(dir) !== 'build' && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return path.dirname(dir);
})();

/** The compiled `sovereign` entry point. */
export const cliEntry: string = path.join(repoRoot, 'build', 'src', 'cli', 'main.js');

/** A folder for screenshots and logs a person may want to look at after a run (ignored by git). */
export const artifactsDir: string = path.join(repoRoot, 'tests', 'artifacts');
