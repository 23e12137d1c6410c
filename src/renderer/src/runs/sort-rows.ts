import type { FieldValue } from './config-fields.ts';
import { cellOf, type ColumnId } from './table-columns.ts';
import type { RunRow } from './run-rows.ts';

export interface RowSort {
  column: ColumnId;
  direction: 'asc' | 'desc';
}

const text = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders two present cells: numbers by value, anything else as text with numbers inside read as numbers. */
export function compareCells(a: FieldValue, b: FieldValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return text.compare(String(a), String(b));
}

/** The rows ordered by one column; rows without a value come last either way; ties keep run id, then arm, order. */
export function sortRows(rows: readonly RunRow[], sort: RowSort): RunRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const tie = (x: RunRow, y: RunRow) => x.experimentId - y.experimentId || text.compare(x.arm, y.arm);
  return [...rows].sort((x, y) => {
    const a = cellOf(x, sort.column);
    const b = cellOf(y, sort.column);
    const aMissing = a === undefined || a === null || (typeof a === 'number' && !Number.isFinite(a));
    const bMissing = b === undefined || b === null || (typeof b === 'number' && !Number.isFinite(b));
    if (aMissing || bMissing) return aMissing === bMissing ? tie(x, y) : aMissing ? 1 : -1;
    return sign * compareCells(a, b) || tie(x, y);
  });
}
