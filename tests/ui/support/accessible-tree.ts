import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_ID } from '../../../src/core/index.js';
import { repoRoot } from '../../support/repo.js';
import type { TestDisplay } from './display.js';

const run = promisify(execFile);

/** One node of the app's accessible tree, as a screen reader sees it. */
export interface AccessibleNode {
  role: string;
  name: string;
  description: string;
  children: AccessibleNode[];
}

/**
 * The app's accessible tree, read through AT-SPI. The display must have the
 * accessibility bridge on (delete NO_AT_BRIDGE from display.env before the
 * app starts).
 */
export async function accessibleTree(display: TestDisplay): Promise<AccessibleNode> {
  const script = path.join(repoRoot, 'tests', 'ui', 'support', 'atspi-tree.py');
  const { stdout } = await run('/usr/bin/python3', [script, APP_ID], { env: display.env, timeout: 30_000 });
  const root = JSON.parse(stdout) as AccessibleNode | null;
  if (!root) throw new Error('Sovereign is not on the accessibility bus');
  return root;
}

export function* walk(node: AccessibleNode): Generator<AccessibleNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** Every accessible name in the subtree, for "does the window show X". */
export function namesIn(node: AccessibleNode): string[] {
  return [...walk(node)].map((n) => n.name).filter((name) => name !== '');
}

/**
 * Presses the widget with this accessible name in the app's window with this
 * title (and this role, when given), through AT-SPI (the bridge must be on,
 * as for accessibleTree).
 * Rejects when there is no such widget.
 */
export async function pressAccessible(display: TestDisplay, windowTitle: string, name: string, role?: string): Promise<void> {
  const script = path.join(repoRoot, 'tests', 'ui', 'support', 'atspi-press.py');
  await run('/usr/bin/python3', [script, APP_ID, windowTitle, name, ...(role ? [role] : [])], { env: display.env, timeout: 30_000 });
}
