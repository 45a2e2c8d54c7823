import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Facts about this installation. The compiled code lives at
 * <root>/build/src/… both in a checkout and when installed (meson copies the
 * tree to $prefix/share/sovereign), so the root is found the same way.
 */
export const APP_ID = 'org.sovereign.Sovereign';
export const APP_NAME = 'Sovereign';
export const DBUS_OBJECT_PATH = '/org/sovereign/Sovereign';

export const appRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface PackageJson {
  version: string;
}

export const appVersion: string = (
  JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as PackageJson
).version;

/** True when running from an installed prefix rather than a source checkout. */
export const isInstalled: boolean = !fs.existsSync(path.join(appRoot, 'src'));

/** Where the bundled data files (CSS, sample workspace, icons) are. */
export const appDataDir: string = path.join(appRoot, 'data');

/** Where compiled translations are looked up, most specific first. */
export function localeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env['SOVEREIGN_LOCALEDIR']) dirs.push(env['SOVEREIGN_LOCALEDIR']);
  dirs.push(isInstalled ? path.join(appRoot, '..', 'locale') : path.join(appRoot, 'build', 'locale'));
  return dirs;
}
