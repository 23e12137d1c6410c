/** A failure of the history database; its message always names the file. */
export class HistoryDbError extends Error {
  readonly path: string;
  /** SQLite's code (`SQLITE_BUSY`, `SQLITE_READONLY`, ...) when SQLite raised it. */
  readonly code: string | undefined;

  constructor(path: string, message: string, code?: string, cause?: unknown) {
    super(message);
    this.name = 'HistoryDbError';
    this.path = path;
    this.code = code;
    if (cause !== undefined) this.cause = cause;
  }
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Another connection holds the lock longer than the busy timeout (SQLITE_BUSY and its extended codes). */
export function isBusy(error: unknown): boolean {
  const code = error instanceof HistoryDbError ? error.code : sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function isReadOnlyFailure(error: unknown): boolean {
  const code = error instanceof HistoryDbError ? error.code : sqliteCode(error);
  return code !== undefined && code.startsWith('SQLITE_READONLY');
}

/** `error` with the history file's path in its message (unchanged if it already names it). */
export function namedDbError(path: string, error: unknown): HistoryDbError {
  if (error instanceof HistoryDbError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = sqliteCode(error);
  const hint = isBusy(error)
    ? ' (another process holds a lock on it)'
    : code?.startsWith('SQLITE_READONLY')
      ? ' (the file or its folder is read-only)'
      : '';
  return new HistoryDbError(path, `history ${path}: ${message}${hint}`, code, error);
}

/** Runs `action`, re-throwing any database error with the file named. */
export function namingFile<T>(path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw namedDbError(path, error);
  }
}

/** The statement calls the store makes, each naming the file when it fails. */
export interface NamedStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export function namedStatement(
  path: string,
  prepare: () => { run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] },
): NamedStatement {
  const statement = namingFile(path, prepare);
  return {
    run: (...params) => namingFile(path, () => statement.run(...params)),
    get: (...params) => namingFile(path, () => statement.get(...params)),
    all: (...params) => namingFile(path, () => statement.all(...params)),
  };
}
