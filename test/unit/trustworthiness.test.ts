import { describe, expect, it } from 'vitest';
import { trustworthiness } from '../../src/engine/embedding/trustworthiness.ts';
import { SeededRandom } from '../../src/engine/random.ts';

/** Well-separated 2-D clusters, lifted linearly into `dim` dimensions with a little noise. */
function liftedClusters(count: number, dim: number, seed: number): { high: Float32Array; low: Float32Array } {
  const random = new SeededRandom(seed);
  const low = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const cluster = i % 5;
    low[2 * i] = 20 * Math.cos(cluster) + random.normal();
    low[2 * i + 1] = 20 * Math.sin(cluster) + random.normal();
  }
  const lift = Array.from({ length: 2 * dim }, () => random.normal());
  const high = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) {
      high[i * dim + d] = low[2 * i] * lift[d] + low[2 * i + 1] * lift[dim + d] + 0.01 * random.normal();
    }
  }
  return { high, low };
}

describe('trustworthiness', () => {
  it('is above 0.95 for a map of well-separated clusters and far lower for a random map', () => {
    const count = 300;
    const { high, low } = liftedClusters(count, 20, 1);
    const random = new SeededRandom(2);
    const noise = Float32Array.from({ length: count * 2 }, () => random.normal());
    const faithful = trustworthiness(high, 20, low, 2, count);
    const meaningless = trustworthiness(high, 20, noise, 2, count);
    expect(faithful).toBeGreaterThan(0.95);
    expect(meaningless).toBeLessThan(0.6);
    expect(meaningless).toBeGreaterThan(0.4);
  });

  it('is exactly 1 for an identical map and matches a hand-computed value', () => {
    const line = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect(trustworthiness(line, 1, line, 1, 6, 2)).toBe(1);
    // Swapping the two ends: points 0, 1, 4 and 5 each gain an intruder costing 3 ranks in
    // total, so T = 1 - 12 * 2 / (6 * 2 * (12 - 6 - 1)) = 0.6.
    const swapped = Float32Array.from([5, 1, 2, 3, 4, 0]);
    expect(trustworthiness(line, 1, swapped, 1, 6, 2)).toBeCloseTo(0.6, 12);
  });

  it('names the bad argument and the allowed range', () => {
    const line = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect(() => trustworthiness(line, 1, line, 1, 6, 3)).toThrow(/k must be an integer in \[1, 2\] for 6 points \(got 3\)/);
    expect(() => trustworthiness(line, 1, line.subarray(1), 1, 6)).toThrow(/trustworthiness map: expected count\*dim = 6\*1 = 6 values, got 5/);
  });
});
