import { homedir } from 'node:os';
import { join } from 'node:path';
import { HistoryDbError } from './db-errors.ts';

export const DB_FILE_NAME = 'workbench.db';
export const APP_DIR_NAME = 'autoencoder-workbench';

export interface DbLocation {
  path: string;
  /**
   * Named by `--db` or WORKBENCH_DB: its folder must already exist (a typo is an error, not a
   * new folder tree); the default location creates its own folder.
   */
  explicit: boolean;
}

function explicitPath(path: string, source: string): DbLocation {
  if (path.trim() === '') throw new HistoryDbError(path, `${source} is empty; give the path of the history file (a .db file in an existing folder)`);
  return { path, explicit: true };
}

/**
 * Where the history lives: an explicit `--db` path, then WORKBENCH_DB, then Electron's userData
 * folder (the app passes it), else `$XDG_DATA_HOME/autoencoder-workbench/workbench.db`
 * (`~/.local/share/...` when XDG_DATA_HOME is unset). An empty `--db` or WORKBENCH_DB is an error.
 */
export function resolveDbLocation(options: { flag?: string; userDataDir?: string; env?: NodeJS.ProcessEnv } = {}): DbLocation {
  const env = options.env ?? process.env;
  if (options.flag !== undefined) return explicitPath(options.flag, '--db');
  if (env.WORKBENCH_DB !== undefined) return explicitPath(env.WORKBENCH_DB, 'WORKBENCH_DB');
  if (options.userDataDir) return { path: join(options.userDataDir, DB_FILE_NAME), explicit: false };
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return { path: join(dataHome, APP_DIR_NAME, DB_FILE_NAME), explicit: false };
}

export function resolveDbPath(options: { flag?: string; userDataDir?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return resolveDbLocation(options).path;
}
