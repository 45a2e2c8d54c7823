// Groups a process's /proc/PID/smaps by what the memory is, for the start-up
// breakdown. Libraries count under their file name; anonymous memory is told
// apart by the only thing smaps knows about it, its mapping's size:
// a WebAssembly memory reserves 8 GiB or more of address space (guard
// regions), glibc's per-thread malloc arenas are 64 MiB mappings, and the
// rest of the anonymous memory is V8's heap pages, thread stacks and large
// malloc blocks (mmap'd by malloc above its threshold).
import fs from 'node:fs';

const GiB_KB = 1024 * 1024;
const ARENA_KB = 64 * 1024;

/** Resident kB per group name. */
export function groupSmaps(smaps: string): Map<string, number> {
  const groups = new Map<string, number>();
  let name = '';
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const sizeKb = Number((BigInt(`0x${header[2]}`) - BigInt(`0x${header[1]}`)) / 1024n);
      name = mappingGroup(header[3]!.trim(), sizeKb);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) groups.set(name, (groups.get(name) ?? 0) + Number(rss[1]));
  }
  return groups;
}

function mappingGroup(pathname: string, sizeKb: number): string {
  if (pathname === '') {
    if (sizeKb >= 4 * GiB_KB) return '[anon: WebAssembly memory]';
    if (sizeKb === ARENA_KB || sizeKb === ARENA_KB - 4) return '[anon: malloc arena (64 MiB)]';
    return '[anon: V8 heap, stacks, large malloc blocks]';
  }
  if (pathname.startsWith('[')) return pathname;
  // node_modules/<package>/…: group by package; a system library by file name without its version.
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(pathname);
  if (modules) return `npm ${modules[1]}`;
  const file = pathname.split('/').pop()!;
  return file.replace(/\.so[.0-9]*$/, '.so');
}

/** The RSS (kB) of every direct child process of `pid`, by command line. */
export function childRss(pid: number): Map<string, number> {
  const children = new Map<string, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== pid) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).map((part) => part.split('/').pop()).join(' ');
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
      children.set(`${entry} ${command}`, Number(rss?.[1] ?? 0));
    } catch {
      // The child exited while we read it.
    }
  }
  return children;
}
