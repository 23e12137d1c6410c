import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { HistoryDbError, namedDbError, namingFile } from './db-errors.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations.ts';

export interface OpenDatabaseOptions {
  /** better-sqlite3 built for another ABI (Electron's); see `npm run rebuild:electron`. */
  nativeBinding?: string;
  /** How long one statement waits for another process's lock before it fails with SQLITE_BUSY (ms). */
  busyTimeoutMs: number;
  /** Create the file's folder when it is missing (the default location only; a path the user gave must exist). */
  createFolder: boolean;
}

const READERS = 'list, show and export can still read it';

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function checkFolder(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) throw new HistoryDbError(path, `the folder of the history file ${path} does not exist (${folder}); create it or choose another path`);
  if (!statSync(folder).isDirectory()) throw new HistoryDbError(path, `the history file ${path} is inside ${folder}, which is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new HistoryDbError(path, `the history file ${path} is a folder; give the path of a .db file`);
}

function tooNew(path: string, version: number): HistoryDbError {
  return new HistoryDbError(
    path,
    `the history file ${path} is at schema version ${version}, newer than this workbench knows (${LATEST_VERSION}); update the workbench`,
  );
}

/** Opens the history for writing: WAL, a short busy timeout, the schema brought up to date. */
export function openForWriting(path: string, options: OpenDatabaseOptions): Database.Database {
  if (path !== ':memory:') {
    if (options.createFolder) mkdirSync(dirname(path), { recursive: true });
    checkFolder(path);
    if (existsSync(path) && !writable(path)) {
      throw new HistoryDbError(path, `the history file ${path} is read-only for this user, and this command writes to it (${READERS})`, 'SQLITE_READONLY');
    }
    if (!writable(dirname(path))) {
      throw new HistoryDbError(
        path,
        `the folder of the history file ${path} is read-only for this user; writing needs to create ${basename(path)}-wal and -shm beside it (${READERS})`,
        'SQLITE_READONLY',
      );
    }
  }
  const db = namingFile(path, () => new Database(path, { nativeBinding: options.nativeBinding }));
  try {
    namingFile(path, () => {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
      const version = schemaVersion(db);
      if (version > LATEST_VERSION) throw tooNew(path, version);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    });
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The file's contents as an in-memory database: for a WAL file in a folder this user cannot
 * write (SQLite cannot create its -shm there), and for an older schema, which is upgraded in
 * memory only. Writes to the -wal file that were never checkpointed are not in the copy.
 */
function inMemoryCopy(path: string, nativeBinding: string | undefined): Database.Database {
  const bytes = namingFile(path, () => readFileSync(path));
  // Header bytes 18 and 19 are 2 for a WAL file; a memory database must be told it is a rollback-journal one.
  if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return namingFile(path, () => new Database(bytes, { nativeBinding }));
}

function emptyHistory(nativeBinding: string | undefined): Database.Database {
  const db = new Database(':memory:', { nativeBinding });
  migrate(db);
  return db;
}

/**
 * Opens the history for reading only: no WAL switch, no migration, nothing written, so a
 * read-only file or folder can be listed. A file that does not exist yet reads as an empty
 * history (and is not created).
 */
export function openForReading(path: string, options: Pick<OpenDatabaseOptions, 'nativeBinding' | 'busyTimeoutMs'>): Database.Database {
  if (path === ':memory:') return emptyHistory(options.nativeBinding);
  checkFolder(path);
  if (!existsSync(path)) return emptyHistory(options.nativeBinding);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    schemaVersion(db);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code !== 'SQLITE_CANTOPEN' && !code.startsWith('SQLITE_READONLY')) throw namedDbError(path, error);
    db = inMemoryCopy(path, options.nativeBinding);
  }
  const version = namingFile(path, () => schemaVersion(db));
  if (version > LATEST_VERSION) {
    db.close();
    throw tooNew(path, version);
  }
  if (version < LATEST_VERSION) {
    db.close();
    db = inMemoryCopy(path, options.nativeBinding);
    namingFile(path, () => migrate(db));
  }
  return db;
}
