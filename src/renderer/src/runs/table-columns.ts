import type { FieldValue } from './config-fields.ts';
import { RESULT_KEYS, type ResultKey } from './result-columns.ts';
import type { RunRow } from './run-rows.ts';

/** A column of the Runs table: `run` (#id and name), `arm`, `config:<dotted path>` or `result:<key>`. */
export type ColumnId = 'run' | 'arm' | `config:${string}` | `result:${ResultKey}`;

export function configColumn(path: string): ColumnId {
  return `config:${path}`;
}

export function resultColumnId(key: ResultKey): ColumnId {
  return `result:${key}`;
}

/** What a row holds in a column; undefined where it has nothing (a run still going, a field its config lacks). */
export function cellOf(row: RunRow, column: ColumnId): FieldValue | undefined {
  if (column === 'run') return row.experimentId;
  if (column === 'arm') return row.arm;
  if (column.startsWith('config:')) return row.config.get(column.slice('config:'.length));
  const key = column.slice('result:'.length) as ResultKey;
  if (!(RESULT_KEYS as readonly string[]).includes(key)) throw new Error(`no column ${column}`);
  return row.results[key];
}
