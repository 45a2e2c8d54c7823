import { SovereignError, _, format, isSovereignError } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import type { CliContext } from './context.js';
import { terminalText } from './terminal-text.js';

/** Enough names to jog a memory without flooding the terminal. */
const NAMES_SHOWN = 5;

export interface ResolveThreadOptions {
  /** The command has --create-thread, so the error can offer it. */
  offerCreate?: boolean;
}

/**
 * Finds a thread by (case-insensitive) name or by id. An unknown one is a
 * 'not-found' that names what was typed, since a person usually types a
 * name, and lists a few threads that do exist.
 */
export async function resolveThread(store: GraphStore, idOrName: string, options: ResolveThreadOptions = {}): Promise<string> {
  const byName = await store.findThreadByName(idOrName);
  if (byName) return byName.id;
  try {
    return (await store.getThread(idOrName)).id;
  } catch (error) {
    if (!isSovereignError(error, 'not-found')) throw error;
    throw new SovereignError('not-found', format(_('There is no thread named or with id "{thread}".'), { thread: idOrName }), {
      hint: await unknownThreadHint(store, options),
      detail: { thread: idOrName },
      cause: error,
    });
  }
}

/** Resolves the thread, or creates one by that name and says so on stderr. */
export async function resolveOrCreateThread(ctx: CliContext, store: GraphStore, name: string): Promise<string> {
  const byName = await store.findThreadByName(name);
  if (byName) return byName.id;
  try {
    return (await store.getThread(name)).id;
  } catch (error) {
    if (!isSovereignError(error, 'not-found')) throw error;
  }
  const created = await store.createThread({ name });
  ctx.stderr.write(`sovereign: ${terminalText(format(_('created the thread "{name}"'), { name: created.name }))}\n`);
  return created.id;
}

async function unknownThreadHint(store: GraphStore, options: ResolveThreadOptions): Promise<string> {
  const names = (await store.listThreads()).map((t) => `"${t.name}"`);
  const existing =
    names.length === 0
      ? _('There are no threads yet.')
      : format(_('Existing threads: {names}.'), { names: names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ', …' : '') });
  return options.offerCreate ? `${existing} ${_('Add --create-thread to create it.')}` : existing;
}
