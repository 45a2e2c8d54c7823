import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/repo.js';

const manifestPath = path.join(repoRoot, 'flatpak', 'org.sovereign.Sovereign.json');

interface Source {
  type: string;
  path?: string;
  url?: string;
  sha512?: string;
  sha1?: string;
  dest?: string;
  'dest-filename'?: string;
  contents?: string;
}
interface Module {
  name: string;
  sources: (Source | string)[];
  modules?: Module[];
}
interface Manifest {
  id: string;
  runtime: string;
  sdk: string;
  'sdk-extensions': string[];
  command: string;
  'finish-args': string[];
  modules: Module[];
}
interface LockEntry {
  name?: string;
  version?: string;
  integrity?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  link?: boolean;
}

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;

function allModules(modules: Module[]): Module[] {
  return modules.flatMap((module) => [module, ...allModules(module.modules ?? [])]);
}

test('the manifest builds the app id on the GNOME runtime with the Node SDK extension', () => {
  assert.equal(manifest.id, 'org.sovereign.Sovereign');
  assert.equal(manifest.runtime, 'org.gnome.Platform');
  assert.equal(manifest.sdk, 'org.gnome.Sdk');
  assert.ok(manifest['sdk-extensions'].some((extension) => /^org\.freedesktop\.Sdk\.Extension\.node\d+$/.test(extension)));
  assert.equal(manifest.command, 'sovereign');
});

test('the sandbox asks for nothing beyond display, GPU, its own bus name and reading home', () => {
  assert.deepEqual([...manifest['finish-args']].sort(), [
    '--device=dri',
    '--filesystem=home:ro',
    '--own-name=org.sovereign.Sovereign',
    '--share=ipc',
    '--socket=fallback-x11',
    '--socket=wayland',
  ]);
  assert.ok(!manifest['finish-args'].some((arg) => arg.startsWith('--share=network')), 'no network: everything runs locally');
});

test('every file the manifest references exists', () => {
  const dir = path.dirname(manifestPath);
  for (const module of allModules(manifest.modules)) {
    for (const source of module.sources) {
      const file = typeof source === 'string' ? source : source.path;
      if (file === undefined) continue;
      assert.ok(fs.existsSync(path.join(dir, file)), `${module.name}: ${file} does not exist`);
    }
  }
  assert.ok(fs.existsSync(path.join(repoRoot, 'meson.build')), 'the dir source is the project meson builds');
});

test('the offline npm sources cover every package in package-lock.json with its integrity', () => {
  const sources = JSON.parse(fs.readFileSync(path.join(repoRoot, 'flatpak', 'generated-sources.json'), 'utf8')) as Source[];
  const byHash = new Map<string, Source>();
  for (const source of sources) {
    assert.ok(source.type === 'file' || source.type === 'inline', `unexpected source type ${source.type}`);
    if (source.type === 'file') {
      assert.match(source.url ?? '', /^https:\/\/registry\.npmjs\.org\/.+\.tgz$/);
      assert.match(source.dest ?? '', /^flatpak-node\/npm-cache\/_cacache\/content-v2\/sha(512|1)\/[0-9a-f]{2}\/[0-9a-f]{2}$/);
      byHash.set(source.sha512 ?? source.sha1 ?? '', source);
    } else {
      const entry = JSON.parse((source.contents ?? '').split('\t')[1] ?? '') as { key: string };
      assert.match(entry.key, /^make-fetch-happen:request-cache:https:\/\//);
    }
  }

  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || !entry.integrity || entry.link) continue;
    if (entry.os && !entry.os.includes('linux')) continue;
    if (entry.libc && !entry.libc.includes('glibc')) continue;
    // Flatpak builds for x86_64 and aarch64 only.
    if (entry.cpu && !entry.cpu.some((cpu) => cpu === 'x64' || cpu === 'arm64')) continue;
    if (/@node-llama-cpp\/.*-(cuda|cuda-ext|vulkan)$/.test(key)) continue;
    const sha512 = entry.integrity.split(/\s+/).find((part) => part.startsWith('sha512-'));
    const hex = Buffer.from((sha512 ?? entry.integrity).replace(/^sha\d+-/, ''), 'base64').toString('hex');
    if (!byHash.has(hex)) missing.push(`${key}@${entry.version}`);
  }
  assert.deepEqual(missing, [], 'flatpak/generated-sources.json is stale: run `node build-aux/flatpak-npm-sources.mjs`');
});
