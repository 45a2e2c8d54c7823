// Reads a process's /proc entries for the start-up benches: its CPU time, and
// its /proc/PID/smaps grouped by what the memory is. Libraries count under their file name; anonymous memory is told
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
  // First pass: each mapping's range, name and resident size. Anonymous
  // mappings that follow one another are one allocation split by
  // permissions (a WebAssembly memory: committed pages, then its guard).
  interface Mapping { start: bigint; end: bigint; pathname: string; rssKb: number }
  const mappings: Mapping[] = [];
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      mappings.push({ start: BigInt(`0x${header[1]}`), end: BigInt(`0x${header[2]}`), pathname: header[3]!.trim(), rssKb: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && mappings.length > 0) mappings[mappings.length - 1]!.rssKb += Number(rss[1]);
  }
  const groups = new Map<string, number>();
  for (let i = 0; i < mappings.length; ) {
    let j = i + 1;
    if (mappings[i]!.pathname === '') while (j < mappings.length && mappings[j]!.pathname === '' && mappings[j]!.start === mappings[j - 1]!.end) j++;
    const run = mappings.slice(i, j);
    const sizeKb = Number((run[run.length - 1]!.end - run[0]!.start) / 1024n);
    const name = mappingGroup(run[0]!.pathname, sizeKb);
    groups.set(name, (groups.get(name) ?? 0) + run.reduce((sum, m) => sum + m.rssKb, 0));
    i = j;
  }
  return groups;
}

function mappingGroup(pathname: string, sizeKb: number): string {
  if (pathname === '') {
    if (sizeKb >= 4 * GiB_KB) return '[anon: WebAssembly memory]';
    if (sizeKb === ARENA_KB || sizeKb === ARENA_KB - 4 || sizeKb === 2 * ARENA_KB) return '[anon: malloc arena (64 MiB)]';
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

/** CPU time `pid` has used so far (user + system), in ms. */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms on Linux.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
