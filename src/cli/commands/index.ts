import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as registerCanvas } from './canvas.js';

/**
 * Each subcommand group lives in its own module and registers itself here.
 * To add one: write src/cli/commands/<name>.ts exporting
 * `register(program, ctx)` and add it to this list.
 */
export type RegisterCommand = (program: Command, ctx: () => CliContext) => void;

export const commandModules: readonly RegisterCommand[] = [registerCanvas];
