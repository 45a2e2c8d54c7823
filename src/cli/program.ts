import { Command, CommanderError, Option } from 'commander';
import { APP_NAME, SovereignError, _, appVersion, createLogger, format, messageOf } from '../core/index.js';
import type { RegisterCommand } from './commands/index.js';
import { isAppInvocation } from './app-invocation.js';
import { COMMAND_NAMES } from './command-names.js';
import { createCliContext, type CliContext } from './context.js';
import { translateCommanderError } from './commander-errors.js';
import { translateHelpTitle } from './help-titles.js';
import { terminalText } from './terminal-text.js';
import { formatTable } from './output.js';

/** Exit status for misuse (unknown command, bad flag), as in sysexits' EX_USAGE spirit and GNU tools. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

const log = createLogger('cli');

/** Where a run's output goes: the process's own streams, or (in tests running many command lines in one process) others. */
export interface CliOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const processOutput: CliOutput = { stdout: process.stdout, stderr: process.stderr };

export function createProgram(getContext: () => CliContext, output: CliOutput, commands: readonly RegisterCommand[]): Command {
  const program = new Command('sovereign')
    .description(_('A local-first document workspace. Run without a command to open the window.'))
    .version(appVersion, '-v, --version', _('Print the version and exit'))
    .helpOption('-h, --help', _('Show help for a command'))
    .helpCommand('help [command]', _('Show help for a command'))
    .configureHelp({ styleTitle: translateHelpTitle })
    .showSuggestionAfterError(true)
    .allowExcessArguments(true)
    .argument('[files...]', _('Files to open or import'))
    .option('--gapplication-service', _('Run as the background D-Bus service, without a window (D-Bus activation starts it so)'))
    .option('--idle-exit-seconds <seconds>', _('With --gapplication-service: exit after this many idle seconds (0: never)'), parseSeconds)
    // Started by the window's "Encrypt This Workspace…" only (src/cli/vault-conversion.ts).
    .addOption(new Option('--convert-to-vault').hideHelp())
    .action(async (files: string[], options: { gapplicationService?: boolean; idleExitSeconds?: number; convertToVault?: boolean }) => {
      if (options.gapplicationService) {
        // The store's engine opens on its own threads while the D-Bus side loads (src/cli/early-store.ts says why).
        const { startOpeningStore } = await import('./early-store.js');
        startOpeningStore(getContext());
        // Imported here: the service opens the store, which other commands may not need.
        const { runAppService } = await import('./app-service-mode.js');
        await runAppService(getContext(), { idleExitSeconds: options.idleExitSeconds });
        return;
      }
      const unknown = files.find((file) => !file.includes('/') && !file.includes('.'));
      if (unknown !== undefined) {
        throw new SovereignError('usage', format(_("unknown command '{name}'"), { name: unknown }), {
          hint: _("Run 'sovereign --help' to see the commands."),
        });
      }
      // Imported here: the launcher loads the D-Bus client, which other commands do not need.
      const { launchApp } = await import('./launch.js');
      await launchApp(getContext(), { files, ...(options.convertToVault ? { convertToVault: true } : {}) });
    });

  for (const register of commands) register(program, getContext);

  program.exitOverride();
  applyRecursively(program, (command) =>
    command.exitOverride().configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text),
      outputError: () => undefined,
    }),
  );
  return program;
}

/** `--version --verbose` (in either order, alone): Commander's own --version would print the short form first. */
function asksForVerboseVersion(argv: readonly string[]): boolean {
  const flags = new Set(argv);
  return argv.length === 2 && (flags.has('--version') || flags.has('-v')) && flags.has('--verbose');
}

async function printVerboseVersion(ctx: CliContext, output: CliOutput): Promise<void> {
  // Imported here: it loads GTK, the database engine and llama.cpp's metadata.
  const { componentVersions } = await import('./version-report.js');
  const components = await componentVersions(ctx.config.store);
  output.stdout.write(`${formatTable([_('COMPONENT'), _('VERSION'), _('FROM')], components.map((c) => [c.name, c.version, c.source]))}\n`);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > 86_400) {
    throw new SovereignError('usage', format(_('"{value}" is not a number of seconds from 0 to 86400.'), { value }));
  }
  return seconds;
}

/** The names of the program's subcommands (src/cli/command-names.ts lists them for the entry point; a test compares). */
export async function commandNames(): Promise<string[]> {
  const { commandModules } = await import('./commands/index.js');
  const program = createProgram(() => {
    throw new SovereignError('internal', 'the command context is not available while listing commands');
  }, processOutput, commandModules);
  return program.commands.map((command) => command.name());
}

function applyRecursively(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) applyRecursively(sub, apply);
}

/**
 * Runs the command line and returns the exit status. Usage mistakes exit 2
 * with a one-line message; failures exit 1 with the error's own message.
 */
export async function runCli(
  argv: readonly string[],
  getContext: () => CliContext = memoised(createCliContext),
  output: CliOutput = processOutput,
): Promise<number> {
  // The window and the D-Bus service started for a Shell search run no subcommand: importing them all
  // (nearly the whole application) cost the service a third of its start, and the window its first frame.
  const commands = isAppInvocation(argv, COMMAND_NAMES) ? [] : (await import('./commands/index.js')).commandModules;
  const program = createProgram(getContext, output, commands);
  try {
    if (asksForVerboseVersion(argv)) {
      await printVerboseVersion(getContext(), output);
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      output.stderr.write(`sovereign: ${terminalText(translateCommanderError(error))}\n`);
      output.stderr.write(format(_("Run 'sovereign --help' to see the commands.") + '\n', {}));
      return EXIT_USAGE;
    }
    if (error instanceof SovereignError) {
      output.stderr.write(`sovereign: ${terminalText(error.describe())}\n`);
      return error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
    }
    // The stack helps a developer, not the person at the terminal: it goes to the log (SOVEREIGN_LOG=debug).
    log.debug('unexpected failure', { stack: (error as Error)?.stack });
    output.stderr.write(`sovereign: ${terminalText(format(_('{app} ran into an unexpected problem: {error}'), { app: APP_NAME, error: messageOf(error) }))}\n`);
    output.stderr.write(_('Run it again with SOVEREIGN_LOG=debug to see where it happened, and please report it.') + '\n');
    return EXIT_FAILURE;
  }
}

function memoised<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
