import type { SkillCommand, SkillKind, SkillManifest, SkillPermission } from './manifest.js';

/**
 * - loaded: running now
 * - enabled: on, not running (not started yet, or in a process that runs no skills, like the CLI)
 * - disabled: switched off by a person
 * - failed: switched off because it crashed, hung or misbehaved
 * - broken: installed, but its manifest or entry is wrong; it cannot run
 */
export const SKILL_STATUSES = ['loaded', 'enabled', 'disabled', 'failed', 'broken'] as const;
export type SkillStatus = (typeof SKILL_STATUSES)[number];

/** What `sovereign skill ls/info` and the window show about a skill. */
export interface SkillInfo {
  id: string;
  /** The manifest's name, or the folder name for a broken skill. */
  name: string;
  version: string | null;
  kind: SkillKind;
  status: SkillStatus;
  /** The installed folder; null for a core skill. */
  folder: string | null;
  permissions: SkillPermission[];
  documentTypes: SkillManifest['documentTypes'];
  commands: SkillCommand[];
  /** Why it failed or is broken; null otherwise. */
  problem: string | null;
}
