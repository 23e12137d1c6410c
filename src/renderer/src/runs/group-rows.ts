import { meanAndSd } from '../../../shared/seed-groups.ts';
import type { FieldValue } from './config-fields.ts';
import { RESULT_KEYS, type ResultKey } from './result-columns.ts';
import type { RunRow } from './run-rows.ts';
import { compareCells } from './sort-rows.ts';

export interface GroupStats {
  n: number;
  mean: number;
  /** Sample sd (n − 1); null for fewer than two values. */
  sd: number | null;
}

/** The rows sharing one value of the grouping field and one arm (the arms' figures are never pooled). */
export interface RowGroup {
  key: string;
  value: FieldValue | undefined;
  arm: string;
  rows: RunRow[];
  stats: Record<ResultKey, GroupStats>;
}

/**
 * The rows grouped by a config field's value and by arm, in ascending order of the value (then arm);
 * each group keeps its rows' order and has every result's mean ± sample sd over the rows that have it.
 */
export function groupRows(rows: readonly RunRow[], path: string): RowGroup[] {
  const groups = new Map<string, { value: FieldValue | undefined; arm: string; rows: RunRow[] }>();
  for (const row of rows) {
    const value = row.config.get(path);
    const key = `${JSON.stringify(value ?? null)}|${row.arm}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { value, arm: row.arm, rows: [] }));
    group.rows.push(row);
  }
  return [...groups]
    .map(([key, g]) => ({ key, ...g, stats: statsOf(g.rows) }))
    .sort((x, y) => {
      if (x.value === undefined || x.value === null || y.value === undefined || y.value === null) {
        const xm = x.value === undefined || x.value === null;
        const ym = y.value === undefined || y.value === null;
        if (xm !== ym) return xm ? 1 : -1;
      } else {
        const byValue = compareCells(x.value, y.value);
        if (byValue !== 0) return byValue;
      }
      return x.arm.localeCompare(y.arm);
    });
}

function statsOf(rows: readonly RunRow[]): Record<ResultKey, GroupStats> {
  return Object.fromEntries(
    RESULT_KEYS.map((key) => [key, meanAndSd(rows.map((r) => r.results[key]).filter((v): v is number => v !== undefined && Number.isFinite(v)))]),
  ) as Record<ResultKey, GroupStats>;
}
