import { describe, expect, it } from 'vitest';
import type { ExperimentListItem } from '../../src/shared/api.ts';
import { sortByMetric } from '../../src/renderer/src/history/metric-sort.ts';

function run(id: number, testSSE: Record<string, number>): ExperimentListItem {
  return { id, testSSE } as unknown as ExperimentListItem;
}

describe("History's metric columns", () => {
  const items = [run(1, { pretrained: 9.5, pca: 20 }), run(2, {}), run(3, { pretrained: 4.25 }), run(4, { pretrained: 12 }), run(5, { random: 1 })];

  it('sorts by a test error ascending and descending, runs without it last, newest first among those', () => {
    expect(sortByMetric(items, { key: 'pretrained', direction: 'asc' }).map((r) => r.id)).toEqual([3, 1, 4, 5, 2]);
    expect(sortByMetric(items, { key: 'pretrained', direction: 'desc' }).map((r) => r.id)).toEqual([4, 1, 3, 5, 2]);
    expect(sortByMetric(items, { key: 'pca', direction: 'asc' }).map((r) => r.id)).toEqual([1, 5, 4, 3, 2]);
  });

  it('leaves the list it was given as it was', () => {
    sortByMetric(items, { key: 'pretrained', direction: 'asc' });
    expect(items.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });
});
