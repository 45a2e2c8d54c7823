#!/usr/bin/env node
// npm writes no package-lock entry for an optional, platform-specific package
// that the registry it used does not serve (the registry these machines reach
// carries only the linux-x64 builds of node-llama-cpp and typst-ts), and then
// `npm ci` refuses the lock as out of sync. This adds the missing entries,
// marked optional with the os/cpu/libc they are for, so npm ci skips them on
// this platform without fetching. Run after any `npm install`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = path.join(root, 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const packages = lock.packages;

function platformOf(name) {
  const n = name.toLowerCase();
  const os = /android/.test(n) ? 'android' : /darwin|mac/.test(n) ? 'darwin' : /win/.test(n) ? 'win32' : 'linux';
  const cpu = /riscv64/.test(n)
    ? 'riscv64'
    : /arm64|aarch64/.test(n) || (os === 'darwin' && !/x64/.test(n))
      ? 'arm64'
      : /armv7|arm-|armhf|gnueabihf|arm-eabi/.test(n)
        ? 'arm'
        : 'x64';
  const libc = /musl/.test(n) ? 'musl' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : location + '/';
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => c in packages)) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (os === process.platform && cpu === process.arch && !libc) {
      console.error(`lock-foreign-platforms: ${dep} is for this platform but missing; run npm install`);
      process.exitCode = 1;
      continue;
    }
    packages[`node_modules/${dep}`] = {
      version: version.replace(/^[\^~=]/, ''),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');
console.error(`lock-foreign-platforms: ${added} entries added`);
