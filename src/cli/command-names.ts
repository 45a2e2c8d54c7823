/**
 * The names of the subcommands, known without importing them. The entry
 * point decides on its first tick, from the arguments alone, whether a
 * command line runs the app (src/cli/app-invocation.ts: the GLib loop must
 * start on that tick), and imports the command-line program only after:
 * the program imports every command, and with them nearly the whole
 * application, which neither the window nor the D-Bus service started for
 * a Shell search needs (src/cli/program.ts registers none for them).
 * tests/unit/cli/command-names.test.ts keeps this list equal to the
 * program's commands.
 */
export const COMMAND_NAMES: readonly string[] = [
  'doc', 'import', 'thread', 'link', 'history', 'diff', 'branch', 'merge', 'restore', 'log', 'canvas', 'search', 'index', 'related',
  'export', 'intent', 'do', 'ask', 'models', 'serve', 'generate', 'skill', 'db', 'airgap', 'backup', 'say', 'vault', 'listen',
];
