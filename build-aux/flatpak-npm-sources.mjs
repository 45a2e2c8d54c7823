#!/usr/bin/env node
// Writes flatpak/generated-sources.json from package-lock.json: the npm
// packages as flatpak-builder sources, laid out as an npm cache (cacache),
// the way flatpak-node-generator's npm provider does it, so that
// `npm ci --offline` inside the sandbox (which has no network) finds every
// tarball. For each package:
//   - a "file" source: the tarball, checked by flatpak-builder against the
//     lock file's integrity, stored at the cacache content path;
//   - an "inline" source: the cacache index entry that maps the tarball's
//     URL to that content. Its size comes from the local npm cache, which
//     `npm ci` filled; packages npm did not download here (other CPUs) get
//     no size, and cacache then takes it from the file.
// Packages for other systems, and node-llama-cpp's GPU builds (600 MB that
// the Flatpak does not use), are left out; CPU-specific ones get only-arches.
// Usage: node build-aux/flatpak-npm-sources.mjs [output]
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? path.join(root, 'flatpak', 'generated-sources.json');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const CACHE = 'flatpak-node/npm-cache/_cacache';
const FLATPAK_ARCH = { x64: 'x86_64', arm64: 'aarch64' };

function localCacheDir() {
  if (process.env.npm_config_cache) return path.join(process.env.npm_config_cache, '_cacache');
  try {
    return path.join(execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), '_cacache');
  } catch {
    return path.join(process.env.HOME ?? '/root', '.npm', '_cacache');
  }
}
const localCache = localCacheDir();

function cacheKey(url) {
  return `make-fetch-happen:request-cache:${url}`;
}

function hashedPath(hex) {
  return [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4)];
}

/** The tarball's size from the local npm cache's index entry for its URL. */
function sizeOf(url) {
  const key = cacheKey(url);
  const [a, b, rest] = hashedPath(crypto.createHash('sha256').update(key).digest('hex'));
  let bucket;
  try {
    bucket = fs.readFileSync(path.join(localCache, 'index-v5', a, b, rest), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of bucket.split('\n').reverse()) {
    const json = line.slice(line.indexOf('\t') + 1);
    if (!json) continue;
    const entry = JSON.parse(json);
    if (entry.key === key && typeof entry.size === 'number') return entry.size;
  }
  return undefined;
}

function onlyArches(entry) {
  if (!Array.isArray(entry.cpu)) return undefined;
  const arches = entry.cpu.map((cpu) => FLATPAK_ARCH[cpu]).filter(Boolean);
  return arches.length > 0 ? arches : null;
}

/** The lock file leaves out `resolved` for registry packages; npm derives it like this. */
function tarballUrl(name, entry) {
  if (entry.resolved) return entry.resolved;
  const real = entry.name ?? name; // an alias (npm:string-width@4) names the real package
  const base = real.startsWith('@') ? real.split('/')[1] : real;
  return `https://registry.npmjs.org/${real}/-/${base}-${entry.version}.tgz`;
}

function wanted(name, entry) {
  if (!entry.version || !entry.integrity || entry.link) return false;
  if (Array.isArray(entry.os) && !entry.os.includes('linux')) return false;
  if (Array.isArray(entry.libc) && !entry.libc.includes('glibc')) return false;
  if (/^@node-llama-cpp\/.*-(cuda|cuda-ext|vulkan)$/.test(name)) return false;
  return onlyArches(entry) !== null;
}

const sources = [];
const seen = new Set();
let withoutSize = 0;
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith('node_modules/')) continue;
  const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
  if (!wanted(name, entry)) continue;
  const url = tarballUrl(name, entry);
  if (seen.has(url)) continue;
  seen.add(url);

  // The strongest hash the lock file gives; flatpak-builder wants it in hex.
  const integrity = entry.integrity.split(/\s+/).map((part) => part.split('-')).find(([algorithm]) => algorithm === 'sha512')
    ?? entry.integrity.split(/\s+/)[0].split('-');
  const [algorithm, base64] = integrity;
  const hex = Buffer.from(base64, 'base64').toString('hex');
  const [c1, c2, contentName] = hashedPath(hex);
  const arches = onlyArches(entry);
  const file = {
    type: 'file',
    url,
    [algorithm]: hex,
    dest: `${CACHE}/content-v2/${algorithm}/${c1}/${c2}`,
    'dest-filename': contentName,
    ...(arches ? { 'only-arches': arches } : {}),
  };
  sources.push(file);

  const size = sizeOf(url);
  if (size === undefined) withoutSize++;
  const indexJson = JSON.stringify({
    key: cacheKey(url),
    integrity: `${algorithm}-${base64}`,
    time: 0,
    ...(size === undefined ? {} : { size }),
    metadata: { url, reqHeaders: {}, resHeaders: {} },
  });
  const [i1, i2, indexName] = hashedPath(crypto.createHash('sha256').update(cacheKey(url)).digest('hex'));
  sources.push({
    type: 'inline',
    contents: `${crypto.createHash('sha1').update(indexJson).digest('hex')}\t${indexJson}`,
    dest: `${CACHE}/index-v5/${i1}/${i2}`,
    'dest-filename': indexName,
    ...(arches ? { 'only-arches': arches } : {}),
  });
}

fs.writeFileSync(output, JSON.stringify(sources, null, 2) + '\n');
console.error(
  `flatpak-npm-sources: ${sources.length / 2} packages written to ${path.relative(root, output)}` +
    (withoutSize ? ` (${withoutSize} not in the local npm cache, written without a size)` : ''),
);
