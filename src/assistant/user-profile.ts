import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, createLogger, format } from '../core/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../exporters/export-format.js';
import { actThreshold, usageBonus, type RoutingPreferences } from './routing-preferences.js';
import { ACTIONS, type Action } from './user-intent.js';

/**
 * What became of an action the assistant proposed: accepted (executed and
 * not undone), undone, or corrected (the person picked another choice than
 * the router's first, or ran something else instead of its proposal).
 */
export type Outcome = 'accepted' | 'undone' | 'corrected';

const decisionSchema = z.object({
  action: z.enum(ACTIONS),
  outcome: z.enum(['accepted', 'undone', 'corrected']),
  at: z.string().datetime(),
});

const countsSchema = z.record(z.string(), z.number().int().nonnegative());

const profileFileSchema = z.object({
  version: z.literal(1),
  decisions: z.array(decisionSchema),
  documents: countsSchema,
  threads: countsSchema,
  exportFormats: z.partialRecord(z.enum(EXPORT_FORMATS), z.number().int().nonnegative()),
});
type ProfileFile = z.infer<typeof profileFileSchema>;

/** The profile's file name in the data dir (the CLI and the D-Bus service share it). */
export const PROFILE_FILE_NAME = 'assistant-profile.json';

/** The decisions the threshold is computed from: recent behaviour, not a lifetime's. */
export const RECENT_DECISIONS = 100;
/** The most documents (and threads) whose uses are kept; the least used fall off first. */
const KEPT_NAMES = 500;

const log = createLogger('assistant');

/**
 * The person's assistant profile, kept in a JSON file in the data dir: the
 * outcome of recent decisions, how often each document and thread was acted
 * on, and which export formats were used. It yields the RoutingPreferences
 * the router ranks and decides by (the rule is in routing-preferences.ts).
 * Written whole (to a temporary file, then renamed) after every change, one
 * write at a time, so a crash leaves the old or the new profile, never half.
 */
export class UserProfile {
  private data: ProfileFile = emptyProfile();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<UserProfile> {
    const profile = new UserProfile(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return profile;
      throw new SovereignError('io', format(_('Cannot read the assistant profile {file}.'), { file }), { cause: error });
    }
    try {
      profile.data = profileFileSchema.parse(JSON.parse(text));
    } catch (error) {
      // A damaged profile must not stop the assistant: it only forgets what it learnt.
      log.warn('assistant profile unreadable, starting empty', { file, error: error instanceof z.ZodError ? z.prettifyError(error) : String(error) });
    }
    return profile;
  }

  /** How many of the recent decisions ended each way. */
  counts(): Record<Outcome, number> {
    const counts = { accepted: 0, undone: 0, corrected: 0 };
    for (const decision of this.data.decisions) counts[decision.outcome]++;
    return counts;
  }

  preferences(): RoutingPreferences {
    const { documents, threads } = this.data;
    const exportFormat = this.preferredExportFormat();
    return {
      threshold: actThreshold(this.counts()),
      usageBonus: (kind, id) => usageBonus((kind === 'document' ? documents : threads)[id] ?? 0),
      ...(exportFormat ? { exportFormat } : {}),
    };
  }

  /** An executed action: counted as accepted until it is undone; the names it acted on count as used. */
  async recordExecuted(action: Action, used: { documentIds?: readonly string[]; threadId?: string; exportFormat?: ExportFormat; corrected?: boolean }): Promise<void> {
    this.addDecision(action, used.corrected ? 'corrected' : 'accepted');
    for (const id of used.documentIds ?? []) bump(this.data.documents, id);
    if (used.threadId !== undefined) bump(this.data.threads, used.threadId);
    if (used.exportFormat) this.data.exportFormats[used.exportFormat] = (this.data.exportFormats[used.exportFormat] ?? 0) + 1;
    await this.save();
  }

  /** The newest accepted (or corrected) decision for `action` was taken back. */
  async recordUndone(action: Action): Promise<void> {
    const decisions = this.data.decisions;
    for (let i = decisions.length - 1; i >= 0; i--) {
      const decision = decisions[i]!;
      if (decision.action === action && decision.outcome !== 'undone') {
        decision.outcome = 'undone';
        break;
      }
    }
    await this.save();
  }

  /** The person turned a proposal down for something else (another choice, the search row). */
  async recordCorrected(action: Action): Promise<void> {
    this.addDecision(action, 'corrected');
    await this.save();
  }

  private addDecision(action: Action, outcome: Outcome): void {
    this.data.decisions.push({ action, outcome, at: new Date().toISOString() });
    if (this.data.decisions.length > RECENT_DECISIONS) this.data.decisions.splice(0, this.data.decisions.length - RECENT_DECISIONS);
  }

  private preferredExportFormat(): ExportFormat | undefined {
    let best: ExportFormat | undefined;
    let most = 0;
    for (const exportFormat of EXPORT_FORMATS) {
      const uses = this.data.exportFormats[exportFormat] ?? 0;
      if (uses > most) {
        best = exportFormat;
        most = uses;
      }
    }
    return best;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.data);
    // One write at a time, in order: two renames racing could leave the older profile last.
    this.writing = this.writing
      // A failed write (disk full) must not block every later one.
      .catch(() => undefined)
      .then(async () => {
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await fs.writeFile(temporary, text, 'utf8');
        await fs.rename(temporary, this.file);
      });
    return this.writing;
  }
}

function emptyProfile(): ProfileFile {
  return { version: 1, decisions: [], documents: {}, threads: {}, exportFormats: {} };
}

function bump(counts: Record<string, number>, id: string): void {
  counts[id] = (counts[id] ?? 0) + 1;
  const ids = Object.keys(counts);
  if (ids.length <= KEPT_NAMES) return;
  let least = ids[0]!;
  for (const other of ids) if (counts[other]! < counts[least]!) least = other;
  Reflect.deleteProperty(counts, least);
}
