import type { CliCommand } from '../command.ts';
import { runCommand } from './run.ts';

/** Every `workbench` subcommand; each lives in its own file in this folder. */
export const commands: CliCommand[] = [runCommand];
