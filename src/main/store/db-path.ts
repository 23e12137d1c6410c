import { homedir } from 'node:os';
import { join } from 'node:path';

export const DB_FILE_NAME = 'workbench.db';
export const APP_DIR_NAME = 'autoencoder-workbench';

/**
 * Where the history lives: an explicit `--db` path, then WORKBENCH_DB, then Electron's userData
 * folder (the app passes it), else `$XDG_DATA_HOME/autoencoder-workbench/workbench.db`
 * (`~/.local/share/...` when XDG_DATA_HOME is unset).
 */
export function resolveDbPath(options: { flag?: string; userDataDir?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = options.env ?? process.env;
  if (options.flag) return options.flag;
  if (env.WORKBENCH_DB) return env.WORKBENCH_DB;
  if (options.userDataDir) return join(options.userDataDir, DB_FILE_NAME);
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, APP_DIR_NAME, DB_FILE_NAME);
}
