#!/usr/bin/env node
// Copies the production dependencies out of an installed node_modules into a
// staging folder for installation, without a second `npm ci`: node-gtk is
// compiled from source (about a minute) and the rest would be downloaded
// again. Usage: stage-node-modules.mjs <project root> <destination>
//
// What is copied: every package package-lock.json lists that is not a
// devDependency and is present on disk (optional packages for other
// platforms are not installed in the first place). What is left out:
//   - node-llama-cpp's CUDA and Vulkan builds and the builds for other CPUs
//     (Sovereign runs its models on the CPU; the GPU builds are 600 MB and
//     need libraries Debian main does not ship);
//   - native binaries for other systems inside packages that bundle every
//     platform (@surrealdb/node ships Windows, macOS, musl and arm64 builds
//     in one package; argon2 a FreeBSD one), found by their file header
//     (machine and OS ABI), not their name;
//   - usearch's C++ sources and numkong's Python tests, and node-gtk's
//     compiler output and C++ sources (the addon it loads is in
//     lib/binding), and node-gyp's Python generator (nothing is compiled at
//     run time: node-llama-cpp is used with build: "never");
//   - TypeScript declarations (and @types packages), source maps, .bin links and the packages'
//     own tooling files (.npmignore, .eslintrc*);
//   - node-gyp's intermediate files where an addon was compiled at install
//     (argon2: object files, a static archive, a Makefile and config.gypi
//     naming the folder npm ran in): only the .node files node-gyp-build
//     loads from build/ are kept;
//   - test suites and coverage reports shipped in the npm tarball
//     (domino's 7 MB of W3C test pages);
//   - onnxruntime-web's browser builds (WebGL, WebGPU, JSEP, JSPI, asyncify,
//     bundles: 141 MB of dist/) and its TypeScript sources (lib/): Node
//     loads only dist/ort.node.min.mjs (or .js), which imports
//     onnxruntime-common and the one WebAssembly build it runs,
//     ort-wasm-simd-threaded.mjs + .wasm (14.2 MB).
// Only ELF files that were executable and scripts (#!) keep the executable bit.
// Prebuilt addons keep only the $ORIGIN-relative entries of their RUNPATH:
// the rest name folders on the machine that built them (sherpa-onnx's CI
// checkout, a ROCm install), where the loader would otherwise look for
// libraries first (patchelf, from Debian).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [root, dest] = process.argv.slice(2);
if (!root || !dest) {
  console.error('usage: stage-node-modules.mjs <project root> <destination>');
  process.exit(2);
}

const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const hostMachine = elfMachine(process.execPath);
const hostIsMusl = !process.report.getReport().header.glibcVersionRuntime;

const PACKAGE_PRUNE = {
  'node-gtk': ['build', 'src'],
  'node-gyp': ['gyp'],
  // usearch loads javascript/ and its prebuilt addon; the rest is the C++ sources and numkong's test suite (Python).
  usearch: ['binding.gyp', 'c', 'cmake', 'cpp', 'include', 'numkong'],
  '@mixmark-io/domino': ['test'],
  seedrandom: ['coverage'],
  'node-gettext': ['test'],
  'onnxruntime-web': ['lib', 'docs'],
};
/** Packages whose folder holds files for other runtimes: only these files of it are copied. */
const KEEP_ONLY = {
  'onnxruntime-web/dist': new Set(['ort.node.min.mjs', 'ort.node.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']),
};
const DROP_FILE = /(\.d\.ts|\.d\.mts|\.d\.cts|\.map)$|^\.npmignore$|^\.eslintrc(\.\w+)?$/;

function elfMachine(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    const read = fs.readSync(fd, header, 0, 20, 0);
    if (read < 20) return undefined;
    if (header.readUInt32BE(0) !== 0x7f454c46) return undefined;
    return header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
  } finally {
    fs.closeSync(fd);
  }
}

const ELF_OSABI_SYSV = 0;
const ELF_OSABI_GNU = 3;

/** The ELF header's EI_OSABI byte: 0 (System V) or 3 (GNU/Linux) for binaries that run here. */
function elfOsAbi(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(8);
    return fs.readSync(fd, header, 0, 8, 0) === 8 ? header[7] : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function head4(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return head.subarray(0, fs.readSync(fd, head, 0, 4, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** True for an executable or library that cannot run here (other CPU, other OS, musl on glibc). */
function isForeignBinary(file, head) {
  if (head.length < 4) return false;
  const magic = head.readUInt32BE(0);
  if (magic === 0x7f454c46) {
    if (elfMachine(file) !== hostMachine) return true;
    // Same CPU, other system: argon2 ships a FreeBSD x86-64 build beside the Linux one (EI_OSABI 9).
    if (![ELF_OSABI_SYSV, ELF_OSABI_GNU].includes(elfOsAbi(file))) return true;
    return !hostIsMusl && /musl/.test(path.basename(file) + path.basename(path.dirname(file)));
  }
  // Mach-O (both byte orders, 32/64 bit, universal) and PE ("MZ") binaries.
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return true;
  return head[0] === 0x4d && head[1] === 0x5a && /\.(node|dll|exe)$/i.test(file);
}

function matches(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  const allowed = list.filter((item) => !item.startsWith('!'));
  if (list.includes(`!${value}`)) return false;
  return allowed.length === 0 || allowed.includes(value);
}

function wanted(name, entry) {
  if (entry.dev || entry.link) return false;
  // Declarations only, never loaded: protobufjs (under onnxruntime-web) lists @types/node as a dependency.
  if (name.startsWith('@types/')) return false;
  if (!matches(entry.os, process.platform) || !matches(entry.cpu, process.arch)) return false;
  // node-llama-cpp's platform packages claim more CPUs than they run on; the name is exact.
  if (name.startsWith('@node-llama-cpp/')) return name === `@node-llama-cpp/${process.platform}-${process.arch}`;
  return true;
}

/** Drops the RUNPATH entries that are not relative to the binary itself ($ORIGIN). */
function keepOwnRunpath(file) {
  let runpath;
  try {
    runpath = execFileSync('patchelf', ['--print-rpath', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    // Not a dynamically linked executable or library (an object file, a static archive member): no RUNPATH to keep.
    return;
  }
  if (runpath === '') return;
  const own = runpath.split(':').filter((entry) => /^\$(ORIGIN|\{ORIGIN\})(\/|$)/.test(entry));
  if (own.join(':') === runpath) return;
  execFileSync('patchelf', own.length > 0 ? ['--set-rpath', own.join(':'), file] : ['--remove-rpath', file]);
  runpathsCut++;
}

/** A package's build/ folder is node-gyp's output when node-gyp configured it there (config.gypi). */
function isNodeGypOutput(dir) {
  return path.basename(dir) === 'build' && fs.existsSync(path.join(dir, 'config.gypi'));
}

let copied = 0;
let bytes = 0;
let runpathsCut = 0;
/** `addonsOnly`: inside node-gyp's build/, where only the addons are wanted (not obj.target's copies). */
function copyTree(from, to, prune, addonsOnly = false, keepOnly = undefined) {
  fs.mkdirSync(to, { recursive: true });
  for (const item of fs.readdirSync(from, { withFileTypes: true })) {
    if (prune.has(item.name)) continue;
    if (keepOnly && !keepOnly.has(item.name)) continue;
    const source = path.join(from, item.name);
    const target = path.join(to, item.name);
    if (item.isDirectory()) {
      // Nested node_modules are their own lock entries, copied (or not) on their own.
      if (item.name === 'node_modules' || item.name === '.bin') continue;
      if (addonsOnly && (item.name === 'obj.target' || item.name === '.deps')) continue;
      const packageFolder = path.relative(dest, target).split(path.sep).join('/');
      copyTree(source, target, new Set(), addonsOnly || isNodeGypOutput(source), KEEP_ONLY[packageFolder]);
    } else if (item.isSymbolicLink()) {
      continue;
    } else if (item.isFile()) {
      if (DROP_FILE.test(item.name)) continue;
      if (addonsOnly && !item.name.endsWith('.node')) continue;
      const head = head4(source);
      if (isForeignBinary(source, head)) continue;
      fs.copyFileSync(source, target);
      const wasExecutable = (fs.statSync(source).mode & 0o111) !== 0;
      const isScript = head[0] === 0x23 && head[1] === 0x21;
      const isElf = head.length === 4 && head.readUInt32BE(0) === 0x7f454c46;
      fs.chmodSync(target, isScript || (isElf && wasExecutable) ? 0o755 : 0o644);
      if (isElf) keepOwnRunpath(target);
      copied++;
      bytes += fs.statSync(target).size;
    }
  }
}

fs.rmSync(dest, { recursive: true, force: true });
fs.mkdirSync(dest, { recursive: true });
let packages = 0;
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith('node_modules/')) continue;
  const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
  if (!wanted(name, entry)) continue;
  const source = path.join(root, key);
  if (!fs.existsSync(path.join(source, 'package.json'))) {
    if (entry.optional || entry.devOptional) continue;
    console.error(`stage-node-modules: ${key} is a production dependency but is not installed; run npm ci`);
    process.exit(1);
  }
  copyTree(source, path.join(dest, key.slice('node_modules/'.length)), new Set(PACKAGE_PRUNE[name] ?? []));
  packages++;
}
console.error(`stage-node-modules: ${packages} packages, ${copied} files, ${(bytes / 1048576).toFixed(1)} MiB, ${runpathsCut} foreign RUNPATHs cut`);
