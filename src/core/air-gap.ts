import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError } from './errors.js';
import { _, format } from './i18n.js';
import { resolvePaths, type SovereignPaths } from './paths.js';

/**
 * The air gap: one switch, kept in the config folder so the window, the
 * command line and every helper process read the same answer. When it is on,
 * Sovereign refuses every connection that would leave the machine (a model
 * download, a database server, an API bound to a network interface) before a
 * socket is opened, with a message naming what was refused and why.
 */
export interface AirGapState {
  enabled: boolean;
  /** When the switch last changed (ISO 8601), if it ever did. */
  changedAt: string | undefined;
  /** Set when the file could not be read: the air gap then counts as on, because failing open would break the promise. */
  problem: string | undefined;
}

const stateFileSchema = z.object({ enabled: z.boolean(), changedAt: z.string() }).strict();

export function airGapFile(paths: SovereignPaths): string {
  return path.join(paths.configDir, 'air-gap.json');
}

export function readAirGap(paths: SovereignPaths = resolvePaths()): AirGapState {
  const file = airGapFile(paths);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 4096) return damaged(file, _('it is not a small regular file'));
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { enabled: false, changedAt: undefined, problem: undefined };
    return damaged(file, (error as Error).message);
  }
  let parsed: z.infer<typeof stateFileSchema>;
  try {
    parsed = stateFileSchema.parse(JSON.parse(text));
  } catch {
    return damaged(file, _('it is not valid air-gap JSON'));
  }
  return { enabled: parsed.enabled, changedAt: parsed.changedAt, problem: undefined };
}

function damaged(file: string, cause: string): AirGapState {
  return { enabled: true, changedAt: undefined, problem: format(_('{file} cannot be read ({cause}); the air gap stays on until it is switched again'), { file, cause }) };
}

/** Writes the switch atomically (temporary file, then rename), so a crash never leaves half a file. */
export function writeAirGap(enabled: boolean, paths: SovereignPaths = resolvePaths(), now: Date = new Date()): AirGapState {
  const file = airGapFile(paths);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const changedAt = now.toISOString();
  fs.writeFileSync(temporary, `${JSON.stringify({ enabled, changedAt })}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return { enabled, changedAt, problem: undefined };
}

/** True for names and addresses that never leave the machine: localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Throws before any socket opens when the air gap is on and the target is not
 * loopback. `purpose` says what the connection was for ("download the model").
 */
export function assertConnectionAllowed(target: string | URL, purpose: string, state: AirGapState = readAirGap()): void {
  if (!state.enabled) return;
  const host = hostOf(target);
  if (host !== undefined && isLoopbackHost(host)) return;
  throw new SovereignError('permission', format(_('The air gap is on: Sovereign will not connect to {host} to {purpose}.'), { host: host ?? String(target), purpose }), {
    hint: _("Only connections within this computer are allowed. Turn the air gap off in Preferences or with 'sovereign airgap off' if you mean to connect."),
    detail: { airGap: true, host: host ?? String(target) },
  });
}

function hostOf(target: string | URL): string | undefined {
  if (target instanceof URL) return target.hostname;
  try {
    return new URL(target).hostname;
  } catch {
    // A bare host name or address (an API bind address) rather than a URL.
    return target.trim() === '' ? undefined : target.trim();
  }
}
