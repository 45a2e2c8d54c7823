import fs from 'node:fs';
import path from 'node:path';
import type { GraphStore } from '../../src/store/index.js';
import { SkillRegistry, StoreSkillHost, type SkillRegistryEvents } from '../../src/skills/index.js';
import { repoRoot } from './repo.js';
import { tempDir } from './store.js';

/** The folder of a fixture skill in tests/fixtures/skills. */
export function fixtureSkill(id: string): string {
  return path.join(repoRoot, 'tests', 'fixtures', 'skills', id);
}

export interface SkillSandboxWorld {
  registry: SkillRegistry;
  /** The private HOME; the skills folder lives inside it, as on a real machine. */
  home: string;
  skillsDir: string;
  /** Folder a skill's host writeFile writes into. */
  filesDir: string;
  /** Every 'skill.failed' event, in order. */
  failures: SkillRegistryEvents['skill.failed'][];
}

/** A registry that runs skills against the store, with every path under a private temp dir. */
export function skillWorld(store: GraphStore | null, timeouts: { timeoutMs?: number; loadTimeoutMs?: number } = {}): SkillSandboxWorld {
  // Short base path: a Unix socket path may not exceed 107 bytes.
  const root = tempDir('sov-skills-');
  const home = path.join(root, 'home');
  const skillsDir = path.join(home, '.local', 'share', 'sovereign', 'skills');
  const filesDir = path.join(root, 'files');
  fs.mkdirSync(skillsDir, { recursive: true });
  const registry = new SkillRegistry({
    skillsDir,
    stateFile: path.join(home, '.local', 'share', 'sovereign', 'skill-state.json'),
    runtimeDir: path.join(root, 'run'),
    ...(store ? { createHost: (manifest) => new StoreSkillHost({ store, manifest, filesDir: path.join(filesDir, manifest.id) }) } : {}),
    ...timeouts,
  });
  const failures: SkillRegistryEvents['skill.failed'][] = [];
  registry.events.on('skill.failed', (event) => failures.push(event));
  return { registry, home, skillsDir, filesDir, failures };
}

/**
 * Waits until no process mentions the text and returns the ids still there
 * after `ms`. bubblewrap's inner process dies by the parent-death signal a
 * moment after the outer one was reaped, so "gone" is asked with a deadline.
 */
export async function processesLeft(text: string, ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = processesMentioning(text);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = processesMentioning(text);
  }
  return left;
}

/** Process ids whose command line mentions the text (e.g. a skill's installed folder). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(text)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
