import fs from 'node:fs/promises';
import path from 'node:path';
import { EventBus, SovereignError, _, asSovereignError, createLogger, format, type SovereignPaths } from '../core/index.js';
import type { CoreSkill, SkillHost } from './core-skill.js';
import { discoverCommunitySkills, type FoundSkill } from './discover-skills.js';
import { installSkill } from './install-skill.js';
import { parseSkillManifest, type SkillManifest } from './manifest.js';
import { CommunitySkill } from './sandbox/community-skill.js';
import type { SandboxLimits } from './sandbox/sandbox-limits.js';
import type { SkillInfo, SkillStatus } from './skill-info.js';
import { readSkillFolder } from './skill-folder.js';
import { readSkillState, writeSkillState, type SkillState } from './skill-state.js';
import { withTimeout } from './with-timeout.js';

const log = createLogger('skills');

export interface SkillRegistryOptions {
  /** The built-in skills; the adapter decides which exist in its process. */
  coreSkills?: readonly CoreSkill[];
  /** Where community skills are installed (paths.skillsDir). */
  skillsDir: string;
  /** The JSON file that remembers disabled skills. */
  stateFile: string;
  /** Where running community skills get their private socket folders. */
  runtimeDir: string;
  /**
   * Makes the host API for a skill being loaded. Without it the registry
   * only manages skills (the CLI): load() is refused.
   */
  createHost?: (manifest: SkillManifest) => SkillHost;
  /** How long a skill has to answer a health check or finish a command (default 5 s). */
  timeoutMs?: number;
  /** How long a skill has to load (default 10 s: a sandboxed node starts in ~0.3 s, slower on a busy machine). */
  loadTimeoutMs?: number;
  sandboxLimits?: Partial<SandboxLimits>;
}

export interface SkillRegistryEvents extends Record<string, unknown> {
  /** A skill crashed, hung or misbehaved and was disabled; Sovereign carries on. */
  'skill.failed': { id: string; name: string; message: string };
  /** A skill was installed, removed, enabled, disabled, loaded or unloaded. */
  'skill.changed': { id: string };
}

/** The registry's files under the XDG paths. */
export function skillRegistryPaths(paths: SovereignPaths): Pick<SkillRegistryOptions, 'skillsDir' | 'stateFile' | 'runtimeDir'> {
  return { skillsDir: paths.skillsDir, stateFile: path.join(paths.dataDir, 'skill-state.json'), runtimeDir: paths.runtimeDir };
}

/**
 * Every skill Sovereign knows, core and community, and their lifecycle:
 * install, remove, enable, disable, load, unload, health. A skill that fails
 * in any of these (throws, times out, or, for a community skill, is cut off
 * by its sandbox) is unloaded and disabled, 'skill.failed' names it, and
 * nothing is thrown at the rest of Sovereign.
 */
export class SkillRegistry {
  readonly events = new EventBus<SkillRegistryEvents>((error) => log.error('a skill event listener failed', { error }));
  private readonly options: SkillRegistryOptions;
  private readonly core = new Map<string, CoreSkill>();
  private readonly running = new Map<string, CoreSkill>();
  /** Failures being handled, so a second report waits for the first. */
  private readonly failing = new Map<CoreSkill, Promise<void>>();
  private readonly timeoutMs: number;
  private readonly loadTimeoutMs: number;
  private stateWrites: Promise<unknown> = Promise.resolve();

  constructor(options: SkillRegistryOptions) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
    for (const skill of options.coreSkills ?? []) {
      const manifest = parseSkillManifest(skill.manifest, `core skill ${String(skill.manifest?.id)}`);
      if (manifest.kind !== 'core') throw new SovereignError('internal', `core skill ${manifest.id} has kind "${manifest.kind}"`);
      if (this.core.has(manifest.id)) throw new SovereignError('internal', `two core skills are named ${manifest.id}`);
      this.core.set(manifest.id, skill);
    }
  }

  async list(): Promise<SkillInfo[]> {
    const state = await readSkillState(this.options.stateFile);
    const infos = [...this.core.values()].map((skill) => this.infoOf(skill.manifest, null, state));
    for (const found of await discoverCommunitySkills(this.options.skillsDir)) {
      if (this.core.has(found.id)) continue; // a core skill's id cannot be taken over from disk
      infos.push(found.ok ? this.infoOf(found.manifest, found.folder, state) : brokenInfo(found));
    }
    return infos;
  }

  async info(id: string): Promise<SkillInfo> {
    const info = (await this.list()).find((s) => s.id === id);
    if (!info) throw notFound(id);
    return info;
  }

  /** Installs a community skill from a folder or .tar.gz; it starts enabled (and loaded, in a process that runs skills). */
  async install(source: string): Promise<SkillInfo> {
    const installed = new Set((await discoverCommunitySkills(this.options.skillsDir)).map((s) => s.id));
    const manifest = await installSkill(path.resolve(source), this.options.skillsDir, (id) => this.core.has(id) || installed.has(id));
    await this.updateState((state) => forget(state, manifest.id));
    this.events.emit('skill.changed', { id: manifest.id });
    if (this.options.createHost) await this.load(manifest.id);
    return this.info(manifest.id);
  }

  async remove(id: string): Promise<void> {
    if (this.core.has(id)) throw new SovereignError('invalid-input', format(_('{id} is a core skill: it can be disabled but not removed'), { id }));
    const found = (await discoverCommunitySkills(this.options.skillsDir)).find((s) => s.id === id);
    if (!found) throw notFound(id);
    await this.unload(id);
    await fs.rm(found.folder, { recursive: true, force: true });
    await this.updateState((state) => forget(state, id));
    this.events.emit('skill.changed', { id });
  }

  async enable(id: string): Promise<SkillInfo> {
    await this.info(id);
    await this.updateState((state) => forget(state, id));
    this.events.emit('skill.changed', { id });
    if (this.options.createHost) await this.load(id);
    return this.info(id);
  }

  async disable(id: string): Promise<SkillInfo> {
    await this.info(id);
    await this.unload(id);
    await this.updateState((state) => {
      state.disabled[id] = { reason: 'user', at: new Date().toISOString() };
    });
    this.events.emit('skill.changed', { id });
    return this.info(id);
  }

  /** Loads every enabled skill; one that fails is disabled and reported, the others still load. */
  async loadEnabled(): Promise<void> {
    for (const info of await this.list()) {
      if (info.status !== 'enabled') continue;
      try {
        await this.load(info.id);
      } catch (error) {
        // load() throws only for the caller's mistakes (a folder removed meanwhile); the others still load.
        log.warn('a skill could not be loaded', { id: info.id, error: asSovereignError(error).message });
      }
    }
  }

  /**
   * Loads one skill. Returns false (after disabling it and emitting
   * 'skill.failed') when it fails to load; throws only for what the caller
   * got wrong (an unknown, disabled or broken skill, or no host).
   */
  async load(id: string): Promise<boolean> {
    if (this.running.has(id)) return true;
    const createHost = this.options.createHost;
    if (!createHost) throw new SovereignError('unsupported', _('skills are not run in this process'));
    const info = await this.info(id);
    if (info.status === 'broken') throw new SovereignError('invalid-input', info.problem ?? format(_('skill {id} is broken'), { id }));
    if (info.status === 'disabled' || info.status === 'failed') throw new SovereignError('conflict', format(_('skill {id} is disabled'), { id }), {
      hint: format(_('Enable it with: sovereign skill enable {id}'), { id }),
    });
    const skill = this.core.get(id) ?? this.communitySkill(await readSkillFolder(info.folder!), info.folder!);
    this.running.set(id, skill);
    try {
      await withTimeout(skill.load(createHost(skill.manifest)), this.loadTimeoutMs, format(_('it did not load within {seconds} s'), { seconds: this.loadTimeoutMs / 1000 }));
    } catch (error) {
      await this.fail(skill, error);
      return false;
    }
    log.info('skill loaded', { id });
    this.events.emit('skill.changed', { id });
    return true;
  }

  async unload(id: string): Promise<void> {
    const skill = this.running.get(id);
    if (!skill) return;
    this.running.delete(id);
    try {
      await withTimeout(skill.unload(), this.timeoutMs, `unload took longer than ${this.timeoutMs} ms`);
    } catch (error) {
      log.warn('a skill did not unload cleanly', { id, error: asSovereignError(error).message });
    }
    this.events.emit('skill.changed', { id });
  }

  async unloadAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.unload(id);
  }

  /** Asks a running skill whether it works; a failure or a timeout disables it. Resolves false then. */
  async checkHealth(id: string): Promise<boolean> {
    const skill = this.running.get(id);
    if (!skill) throw new SovereignError('conflict', format(_('skill {id} is not running'), { id }));
    try {
      await withTimeout(skill.health(), this.timeoutMs, format(_('it did not answer a health check within {seconds} s'), { seconds: this.timeoutMs / 1000 }));
      return true;
    } catch (error) {
      await this.fail(skill, error);
      return false;
    }
  }

  /** Health-checks every running skill now and then; returns the function that stops it. */
  startHealthChecks(intervalMs: number): () => void {
    const timer = setInterval(() => {
      for (const id of this.running.keys()) {
        // A skill may stop between listing and asking; that is not a failure.
        this.checkHealth(id).catch((error: unknown) => log.debug('skipped a health check', { id, error: asSovereignError(error).message }));
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Runs a command a running skill contributes. A skill that hangs is disabled; its own errors are the caller's. */
  async runCommand(id: string, commandId: string, args: unknown = null): Promise<unknown> {
    const skill = this.running.get(id);
    if (!skill) throw new SovereignError('conflict', format(_('skill {id} is not running'), { id }));
    if (!skill.manifest.commands.some((c) => c.id === commandId) || !skill.runCommand) {
      throw new SovereignError('not-found', format(_('skill {id} has no command {command}'), { id, command: commandId }));
    }
    try {
      return await withTimeout(skill.runCommand(commandId, args), this.timeoutMs, format(_('command {command} did not finish within {seconds} s'), { command: commandId, seconds: this.timeoutMs / 1000 }));
    } catch (error) {
      // A timeout means the skill hangs. A sandboxed skill that was cut off
      // has reported itself already: wait until it is recorded as failed.
      if (error instanceof SovereignError && error.kind === 'timeout') await this.fail(skill, error);
      else await this.failing.get(skill);
      throw error;
    }
  }

  isLoaded(id: string): boolean {
    return this.running.has(id);
  }

  private communitySkill(manifest: SkillManifest, folder: string): CommunitySkill {
    const skill: CommunitySkill = new CommunitySkill({
      manifest,
      folder,
      runtimeDir: this.options.runtimeDir,
      limits: { startTimeoutMs: this.loadTimeoutMs, requestTimeoutMs: this.timeoutMs, ...this.options.sandboxLimits },
      onFailure: (failure) => void this.fail(skill, new SovereignError('internal', failure.message)),
    });
    return skill;
  }

  /**
   * Unloads and disables a skill that failed, and says so once; never
   * throws. Resolves when the skill is off and recorded as failed, also when
   * called again for a failure already being handled (a timeout that also
   * cut the sandbox off), so callers see the final state.
   */
  private fail(skill: CoreSkill, error: unknown): Promise<void> {
    const handling = this.failing.get(skill);
    if (handling) return handling;
    // Only the instance that runs now can fail.
    if (this.running.get(skill.manifest.id) !== skill) return Promise.resolve();
    this.running.delete(skill.manifest.id);
    const done = this.switchOff(skill, error).finally(() => this.failing.delete(skill));
    this.failing.set(skill, done);
    return done;
  }

  private async switchOff(skill: CoreSkill, error: unknown): Promise<void> {
    const id = skill.manifest.id;
    const name = skill.manifest.name;
    const message = asSovereignError(error).message;
    log.warn('skill failed and was disabled', { id, message });
    try {
      await withTimeout(skill.unload(), this.timeoutMs, 'unload timed out');
    } catch {
      // It already failed; what matters is that it is off.
    }
    try {
      await this.updateState((state) => {
        state.disabled[id] = { reason: 'failed', message, at: new Date().toISOString() };
      });
    } catch (stateError) {
      log.error('cannot record a failed skill as disabled', { id, error: asSovereignError(stateError).message });
    }
    this.events.emit('skill.failed', { id, name, message });
    this.events.emit('skill.changed', { id });
  }

  private infoOf(manifest: SkillManifest, folder: string | null, state: SkillState): SkillInfo {
    const disabled = state.disabled[manifest.id];
    const status: SkillStatus = this.running.has(manifest.id) ? 'loaded' : disabled ? (disabled.reason === 'failed' ? 'failed' : 'disabled') : 'enabled';
    return {
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      kind: manifest.kind,
      status,
      folder,
      permissions: [...manifest.permissions],
      documentTypes: manifest.documentTypes,
      commands: manifest.commands,
      problem: disabled?.reason === 'failed' ? (disabled.message ?? null) : null,
    };
  }

  /** Read-modify-write of the state file, one at a time. */
  private updateState(change: (state: SkillState) => void): Promise<void> {
    const next = this.stateWrites.then(async () => {
      const state = await readSkillState(this.options.stateFile);
      change(state);
      await writeSkillState(this.options.stateFile, state);
    });
    this.stateWrites = next.catch(() => undefined);
    return next;
  }
}

function brokenInfo(found: Extract<FoundSkill, { ok: false }>): SkillInfo {
  return {
    id: found.id,
    name: found.id,
    version: null,
    kind: 'community',
    status: 'broken',
    folder: found.folder,
    permissions: [],
    documentTypes: { views: [], edits: [] },
    commands: [],
    problem: found.problem.message,
  };
}

function forget(state: SkillState, id: string): void {
  state.disabled = Object.fromEntries(Object.entries(state.disabled).filter(([key]) => key !== id));
}

function notFound(id: string): SovereignError {
  return new SovereignError('not-found', format(_('no skill {id}'), { id }), { hint: _('List the skills with: sovereign skill ls') });
}
