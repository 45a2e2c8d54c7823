/**
 * The names of the subcommands, known without importing them. The entry
 * point decides on its first tick, from the arguments alone, whether a
 * command line runs the app (src/cli/app-invocation.ts: the GLib loop must
 * start on that tick), and imports the command-line program only after:
 * the program imports every command, and with them nearly the whole
 * application, which the D-Bus service started for a Shell search does not
 * need. tests/unit/cli/command-names.test.ts keeps this list equal to the
 * program's commands.
 */
export const COMMAND_NAMES: readonly string[] = [
  'doc', 'import', 'thread', 'link', 'history', 'diff', 'branch', 'merge', 'restore', 'log', 'canvas', 'search', 'index', 'related',
  'export', 'intent', 'do', 'ask', 'models', 'serve', 'generate', 'skill', 'db', 'airgap', 'backup', 'say', 'vault', 'listen',
];

/**
 * Whether a command line only starts the D-Bus service, as D-Bus activation
 * does (`--gapplication-service`, optionally `--idle-exit-seconds N`): the
 * program then registers no subcommands, and imports none of them.
 */
export function isServiceInvocation(argv: readonly string[]): boolean {
  if (argv[0] !== '--gapplication-service') return false;
  const rest = argv.slice(1);
  if (rest.length === 0) return true;
  if (rest.length === 1) return /^--idle-exit-seconds=\d+$/.test(rest[0]!);
  return rest.length === 2 && rest[0] === '--idle-exit-seconds' && /^\d+$/.test(rest[1]!);
}
