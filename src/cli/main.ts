#!/usr/bin/env node
import { initI18n, localeDirs } from '../core/index.js';
import { hasOpenedEmbeddedStore } from '../store/connection/open-databases.js';
import { runCli } from './program.js';

initI18n(localeDirs());
const status = await runCli(process.argv.slice(2));
// Commands that leave nothing running (everything but the app and servers)
// exit here; long-running ones keep the process alive themselves.
process.exitCode = process.exitCode || status;
// The embedded database engine keeps a thread alive after close.
if (hasOpenedEmbeddedStore()) process.exit();
