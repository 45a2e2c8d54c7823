import type { CommandMeaning } from '../assistant/index.js';

/**
 * The built-in sentence encoder reading commands by meaning, started the
 * first time a command has a verb the lexicon does not know (most never
 * need it). A failed start is retried by the next such command.
 */
export function lazyCommandMeaning(): () => Promise<CommandMeaning> {
  let opened: Promise<CommandMeaning> | undefined;
  return () => {
    opened ??= (async () => {
      const [{ SentenceEncoder }, { CommandMeaning }] = await Promise.all([import('../retrieval/index.js'), import('../assistant/index.js')]);
      return CommandMeaning.open(await SentenceEncoder.open());
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
