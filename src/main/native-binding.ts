import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run rebuild:electron` puts better-sqlite3 built for Electron's ABI (the Node build stays in node_modules). */
export const ELECTRON_BINDING_DIR = '.electron-native';
export const ELECTRON_BINDING_FILE = 'better_sqlite3.node';

export function electronNativeBinding(appRoot: string): string | undefined {
  const path = join(appRoot, ELECTRON_BINDING_DIR, ELECTRON_BINDING_FILE);
  return existsSync(path) ? path : undefined;
}
