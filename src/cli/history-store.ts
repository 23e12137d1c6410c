import { UsageError } from './command.ts';
import { flag, type ParsedArgs } from './args.ts';
import { resolveDbLocation } from '../main/store/db-path.ts';
import { openStore, type Store } from '../main/store/store.ts';
import { WorkbenchService } from '../main/service/service.ts';

function millisecondsFromEnv(name: string, max: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new UsageError(`${name} must be a whole number of milliseconds from 0 to ${max} (got "${text}")`);
  return value;
}

/** How long one history statement waits for another process's lock before the write is queued (WORKBENCH_DB_BUSY_TIMEOUT_MS). */
export function busyTimeoutFromEnv(): number | undefined {
  return millisecondsFromEnv('WORKBENCH_DB_BUSY_TIMEOUT_MS', 60_000);
}

/** How long a finished run keeps retrying writes the lock held back (WORKBENCH_DB_LOCK_WAIT_MS, default 60 s). */
export function lockWaitFromEnv(): number {
  return millisecondsFromEnv('WORKBENCH_DB_LOCK_WAIT_MS', 24 * 3_600_000) ?? 60_000;
}

/**
 * The history database named by `--db`, WORKBENCH_DB or the default path; `readonly` for the
 * commands that only read it (list, show, export), which then work on a read-only file.
 */
export function storeFromArgs(parsed: ParsedArgs, access: { readonly?: boolean } = {}): Store {
  const location = resolveDbLocation({ flag: flag(parsed, 'db') });
  return openStore(location.path, { readonly: access.readonly, createFolder: !location.explicit, busyTimeoutMs: busyTimeoutFromEnv() });
}

/** A service over that store, for the history commands (no run starts unless asked). */
export function serviceFromArgs(parsed: ParsedArgs, access: { readonly?: boolean } = {}): WorkbenchService {
  return new WorkbenchService({ store: storeFromArgs(parsed, access) });
}

export function experimentIdArg(parsed: ParsedArgs): number {
  const [raw, extra] = parsed.positionals;
  if (raw === undefined) throw new UsageError('give the experiment ID (see `workbench list`)');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) throw new UsageError(`ID must be a positive integer (got "${raw}")`);
  return id;
}
