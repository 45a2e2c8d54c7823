import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where an export goes when the command names no path: ~/Documents when there is one, else the home folder. */
export function documentsDir(): string {
  const documents = path.join(os.homedir(), 'Documents');
  return fs.existsSync(documents) ? documents : os.homedir();
}
