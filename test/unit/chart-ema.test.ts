import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../src/renderer/src/charts/ema.ts';

describe('emaSmooth (TensorBoard smoothing, debiased)', () => {
  it('matches the hand computation for weight 0.5', () => {
    // last: 0.5, 1.25, 2.125; divided by 1 - 0.5^k: 0.5, 0.75, 0.875.
    const smoothed = emaSmooth([1, 2, 3], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(5 / 3, 12);
    expect(smoothed[2]).toBeCloseTo(17 / 7, 12);
  });

  it('matches the hand computation for weight 0.9', () => {
    // last: 1, 0.9; divided by 0.1 and 0.19.
    const smoothed = emaSmooth([10, 0], 0.9);
    expect(smoothed[0]).toBeCloseTo(10, 12);
    expect(smoothed[1]).toBeCloseTo(0.9 / 0.19, 12);
  });

  it('leaves values as they are at weight 0, and keeps a constant curve constant', () => {
    expect(emaSmooth([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
    for (const v of emaSmooth([2, 2, 2, 2], 0.95)) expect(v).toBeCloseTo(2, 12);
  });

  it('passes a non-finite value through without letting it into the average', () => {
    const smoothed = emaSmooth([1, Number.NaN, 3], 0.5);
    expect(smoothed[1]).toBeNaN();
    // The second finite value: last 0.5 * 0.5 + 0.5 * 3 = 1.75, divided by 1 - 0.25.
    expect(smoothed[2]).toBeCloseTo(7 / 3, 12);
  });

  it('refuses a weight outside 0..0.99, naming the range', () => {
    expect(() => emaSmooth([1], -0.1)).toThrow(/smoothing must be between 0 and 0.99, got -0.1/);
    expect(() => emaSmooth([1], 1)).toThrow(/between 0 and 0.99/);
    expect(() => emaSmooth([1], Number.NaN)).toThrow(/between 0 and 0.99/);
  });
});
