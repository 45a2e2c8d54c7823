import {
  _,
  Lifecycle,
  configureLogging,
  describeProblem,
  format,
  loadConfig,
  resolvePaths,
  type LoadedConfig,
  type SovereignConfig,
  type SovereignPaths,
} from '../core/index.js';
import { terminalText } from './terminal-text.js';

/**
 * What every command gets: the validated configuration, the XDG paths and the
 * lifecycle that closes what the command opened. Built once per process.
 */
export interface CliContext {
  config: SovereignConfig;
  paths: SovereignPaths;
  lifecycle: Lifecycle;
  /** Where human-readable output goes (stdout); errors go to stderr. */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function createCliContext(
  env: NodeJS.ProcessEnv = process.env,
  output: Pick<CliContext, 'stdout' | 'stderr'> = { stdout: process.stdout, stderr: process.stderr },
): CliContext {
  const paths = resolvePaths(env);
  const loaded: LoadedConfig = loadConfig(paths.configFile);
  configureLogging({ level: loaded.config.log.level });
  for (const problem of loaded.problems) {
    output.stderr.write(`sovereign: ${terminalText(format(_('warning: {problem}'), { problem: describeProblem(loaded.file ?? paths.configFile, problem) }))}\n`);
  }
  return {
    config: loaded.config,
    paths,
    lifecycle: new Lifecycle(),
    stdout: output.stdout,
    stderr: output.stderr,
  };
}
