import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as airgap } from './airgap.js';
import { register as ask } from './ask.js';
import { register as assistant } from './assistant.js';
import { register as backup } from './backup.js';
import { register as canvas } from './canvas.js';
import { register as db } from './db.js';
import { register as doc } from './doc.js';
import { register as exportCommand } from './export.js';
import { register as generate } from './generate.js';
import { register as history } from './history.js';
import { register as importFiles } from './import.js';
import { register as link } from './link.js';
import { listenCommand } from './listen.js';
import { register as log } from './log.js';
import { register as models } from './models.js';
import { register as related } from './related.js';
import { register as say } from './say.js';
import { register as search } from './search.js';
import { register as semanticIndex } from './semantic-index.js';
import { register as serve } from './serve.js';
import { register as skill } from './skill.js';
import { register as thread } from './thread.js';
import { register as vault } from './vault.js';

/**
 * Each subcommand group lives in its own module and registers itself here.
 * To add one: write src/cli/commands/<name>.ts exporting
 * `register(program, ctx)` and add it to this list.
 */
export type RegisterCommand = (program: Command, ctx: () => CliContext) => void;

/** `sovereign listen` hears the microphone chosen in Preferences › Voice unless --file stands in for it. */
const listen = listenCommand(async () => (await import('../../voice/preferred-microphone.js')).openPreferredMicrophone());

export const commandModules: readonly RegisterCommand[] = [doc, importFiles, thread, link, history, log, canvas, search, semanticIndex, related, exportCommand, assistant, ask, models, serve, generate, skill, db, airgap, backup, say, vault, listen];
