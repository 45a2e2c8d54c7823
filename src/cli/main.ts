#!/usr/bin/env node
import { initI18n, localeDirs } from '../core/index.js';
import { startMainLoop } from '../ui/main-loop.js';
import { isAppInvocation } from './app-invocation.js';
import { commandNames, runCli } from './program.js';

initI18n(localeDirs());
const argv = process.argv.slice(2);
// Before any await: the window (and the D-Bus service that may open one)
// needs the GLib loop started on this first tick. It loads GLib only.
const loop = isAppInvocation(argv, commandNames()) ? startMainLoop() : undefined;
const status = await runCli(argv);
// A failed start leaves nothing to run: hand the process back to Node so it can exit.
if (status !== 0) loop?.quit();
// Commands that leave nothing running (everything but the app and servers)
// exit here; long-running ones keep the process alive themselves.
process.exitCode = status;
