import type { CliCommand } from '../command.ts';
import { runCommand } from './run.ts';
import { listCommand } from './list.ts';
import { showCommand } from './show.ts';
import { exportCommand } from './export.ts';
import { resumeCommand } from './resume.ts';
import { cancelCommand } from './cancel.ts';
import { deleteCommand } from './delete.ts';
import { serveCommand } from './serve.ts';
import { benchCommand } from './bench.ts';

/** Every `workbench` subcommand; each lives in its own file in this folder. */
export const commands: CliCommand[] = [runCommand, listCommand, showCommand, exportCommand, resumeCommand, cancelCommand, deleteCommand, serveCommand, benchCommand];
