import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { APP_NAME, appRoot, appVersion, type SovereignConfig } from '../core/index.js';
import { embeddedEngineVersion } from '../store/connection/engine-version.js';
import { toolkitVersions } from '../ui/toolkit-versions.js';

/**
 * `sovereign --version --verbose`: every native component this build runs
 * on, so a bug report or an audit names exactly what was running. Each
 * version is asked of the component itself where it can say, else read from
 * the package that ships it; one that cannot load is listed with why.
 */
export interface ComponentVersion {
  name: string;
  version: string;
  /** Where the native code comes from (the npm package, the system). */
  source: string;
}

const require = createRequire(import.meta.url);

/** Read from node_modules beside the app: some packages do not export their package.json. */
function packageVersion(name: string): string {
  const file = path.join(appRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function attempt(name: string, source: string, read: () => string): ComponentVersion {
  try {
    return { name, version: read(), source };
  } catch (error) {
    return { name, version: `unavailable (${(error as Error).message.split('\n')[0]})`, source };
  }
}

export async function componentVersions(store: SovereignConfig['store']): Promise<ComponentVersion[]> {
  const engine = await embeddedEngineVersion(store).then(
    (version) => version,
    (error: unknown) => `unavailable (${(error as Error).message.split('\n')[0]})`,
  );
  const llamaInfo = () => {
    const file = path.join(appRoot, 'node_modules', 'node-llama-cpp', 'llama', 'llama.cpp.info.json');
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { tag: string; llamaCppGithubRepo: string };
    return `${info.tag} (${info.llamaCppGithubRepo})`;
  };
  const toolkit = (() => {
    try {
      return toolkitVersions().map((entry) => ({ ...entry, source: 'system (GObject introspection)' }));
    } catch (error) {
      return [{ name: 'GTK', version: `unavailable (${(error as Error).message.split('\n')[0]})`, source: 'system' }];
    }
  })();
  return [
    { name: APP_NAME, version: appVersion, source: 'this installation' },
    { name: 'Node.js', version: process.versions.node, source: process.execPath },
    { name: 'V8', version: process.versions.v8, source: 'Node.js' },
    { name: 'OpenSSL', version: process.versions.openssl, source: 'Node.js' },
    { name: 'ICU', version: process.versions.icu ?? 'none', source: 'Node.js' },
    { name: 'SurrealDB engine', version: engine, source: `@surrealdb/node ${packageVersion('@surrealdb/node')}, SDK surrealdb ${packageVersion('surrealdb')}` },
    attempt('llama.cpp', `node-llama-cpp ${packageVersion('node-llama-cpp')}`, llamaInfo),
    ...toolkit,
    attempt('node-gtk', 'npm', () => packageVersion('node-gtk')),
    attempt('typst', 'npm @myriaddreamin/typst-ts-node-compiler', () => packageVersion('@myriaddreamin/typst-ts-node-compiler')),
    attempt('Skia (CanvasKit)', 'npm canvaskit-wasm', () => packageVersion('canvaskit-wasm')),
    attempt('libvips (sharp)', `sharp ${packageVersion('sharp')}`, () => (require('sharp') as { versions: { vips: string } }).versions.vips),
    attempt('Argon2 (argon2)', 'npm', () => packageVersion('argon2')),
    attempt('USearch', 'npm', () => packageVersion('usearch')),
  ];
}
