import { describe, expect, it } from 'vitest';
import { stratifiedSample } from '../../src/engine/embedding/sample.ts';

function countsByLabel(labels: ArrayLike<number>, indices: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const i of indices) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  return counts;
}

describe('stratifiedSample', () => {
  const labels = Array.from({ length: 1000 }, (_, i) => i % 10);

  it('takes the same number from every class, sorted and without repeats', () => {
    const sample = stratifiedSample(labels, 200, 7);
    expect(sample.length).toBe(200);
    expect(new Set(sample).size).toBe(200);
    expect(Array.from(sample)).toEqual(Array.from(sample).sort((a, b) => a - b));
    expect([...countsByLabel(labels, sample).values()]).toEqual(Array(10).fill(20));
  });

  it('is fixed by the seed', () => {
    expect(Array.from(stratifiedSample(labels, 50, 3))).toEqual(Array.from(stratifiedSample(labels, 50, 3)));
    expect(Array.from(stratifiedSample(labels, 50, 3))).not.toEqual(Array.from(stratifiedSample(labels, 50, 4)));
  });

  it('lets other classes make up for a small one', () => {
    const uneven = [...Array(2).fill(0), ...Array(30).fill(1), ...Array(30).fill(2)];
    const counts = countsByLabel(uneven, stratifiedSample(uneven, 21, 1));
    expect([counts.get(0), counts.get(1), counts.get(2)]).toEqual([2, 10, 9]);
  });

  it('names the allowed range', () => {
    expect(() => stratifiedSample(labels, 1001, 1)).toThrow(/count must be an integer in \[0, 1000\] \(got 1001\)/);
  });
});
