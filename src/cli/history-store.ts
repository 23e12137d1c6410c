import { UsageError } from './command.ts';
import { flag, type ParsedArgs } from './args.ts';
import { resolveDbPath } from '../main/store/db-path.ts';
import { openStore, type Store } from '../main/store/store.ts';
import { WorkbenchService } from '../main/service/service.ts';

/** The history database named by `--db`, WORKBENCH_DB or the default path. */
export function storeFromArgs(parsed: ParsedArgs): Store {
  return openStore(resolveDbPath({ flag: flag(parsed, 'db') }));
}

/** A service over that store, for the history commands (no run starts unless asked). */
export function serviceFromArgs(parsed: ParsedArgs): WorkbenchService {
  return new WorkbenchService({ store: storeFromArgs(parsed) });
}

export function experimentIdArg(parsed: ParsedArgs): number {
  const [raw, extra] = parsed.positionals;
  if (raw === undefined) throw new UsageError('give the experiment ID (see `workbench list`)');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) throw new UsageError(`ID must be a positive integer (got "${raw}")`);
  return id;
}
