import type { ExperimentListItem } from '../../../shared/api.ts';

/** A History column sorted in the page (the host sorts only by its own fields): `pretrained`, `random` or `pca` test error. */
export interface MetricSort {
  key: string;
  direction: 'asc' | 'desc';
}

/** The runs ordered by one test error; runs without it (failed, running, no such arm) come last either way, newest first. */
export function sortByMetric(items: readonly ExperimentListItem[], sort: MetricSort): ExperimentListItem[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...items].sort((x, y) => {
    const a = x.testSSE[sort.key];
    const b = y.testSSE[sort.key];
    if (a === undefined || b === undefined) {
      if (a !== b) return a === undefined ? 1 : -1;
      return y.id - x.id;
    }
    return a === b ? y.id - x.id : sign * (a - b);
  });
}
