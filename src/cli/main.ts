#!/usr/bin/env node
import { initI18n, localeDirs } from '../core/index.js';
import { startMainLoop } from '../ui/main-loop.js';
import { isAppInvocation } from './app-invocation.js';
import { flushOutput } from './flush-output.js';
import { COMMAND_NAMES } from './command-names.js';

initI18n(localeDirs());
const argv = process.argv.slice(2);
// Before any await: the window (and the D-Bus service that may open one)
// needs the GLib loop started on this first tick. It loads GLib only.
const loop = isAppInvocation(argv, COMMAND_NAMES) ? startMainLoop() : undefined;
// Imported once the loop runs: the program imports every command (src/cli/command-names.ts says why that waits).
const { runCli } = await import('./program.js');
const status = await runCli(argv);
process.exitCode = process.exitCode || status;
// The app (a window, the D-Bus service) runs on in the GLib loop until its
// lifecycle ends the process. Everything else ends here, explicitly: the
// embedded database engine (rocksdb and mem:// alike) keeps a thread alive
// after close, and a window that failed to start may leave GTK behind. But
// only once stdout and stderr are out: exiting earlier cuts piped output.
if (!(loop?.running && status === 0)) {
  loop?.quit();
  await flushOutput([process.stdout, process.stderr]);
  process.exit();
}
