#!/usr/bin/env node
import { initI18n, localeDirs } from '../core/index.js';
import { hasOpenedEmbeddedStore } from '../store/connection/open-databases.js';
import { startMainLoop } from '../ui/main-loop.js';
import { isAppInvocation } from './app-invocation.js';
import { commandNames, runCli } from './program.js';

initI18n(localeDirs());
const argv = process.argv.slice(2);
// Before any await: the window (and the D-Bus service that may open one)
// needs the GLib loop started on this first tick. It loads GLib only.
const loop = isAppInvocation(argv, commandNames()) ? startMainLoop() : undefined;
const status = await runCli(argv);
process.exitCode = process.exitCode || status;
// The app (a window, the D-Bus service) runs on in the GLib loop until its
// lifecycle ends the process. Everything else ends here.
if (!(loop?.running && status === 0)) {
  loop?.quit();
  // A window that failed to start may leave GTK and the store's threads behind.
  if (loop && status !== 0) process.exit(status);
  // The embedded database engine keeps a thread alive after close.
  if (hasOpenedEmbeddedStore()) process.exit();
}
