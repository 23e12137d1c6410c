import { describe, expect, it } from 'vitest';
import { medianSpeed, type SpeedSample } from '../../src/renderer/src/measured-speed.ts';

const sample = (experimentId: number, backend: string, flopsPerSecond: number): SpeedSample => ({ experimentId, backend, flopsPerSecond });

describe('the estimate’s speed', () => {
  it('is the median of the recent runs on the same backend, not the last run’s', () => {
    const samples = [sample(9, 'wasm', 1e8), sample(8, 'wasm', 4e9), sample(7, 'cpu', 5e7), sample(6, 'wasm', 3e9)];
    // wasm rates 1e8, 3e9, 4e9: the median is 3e9 although the newest run (#9) measured 1e8.
    expect(medianSpeed(samples, 'wasm')).toEqual({ flopsPerSecond: 3e9, runs: [9, 8, 6] });
    expect(medianSpeed(samples, 'cpu')).toEqual({ flopsPerSecond: 5e7, runs: [7] });
  });

  it('averages the middle two of an even count, ignores unusable rates, and has none for an unmeasured backend', () => {
    expect(medianSpeed([sample(1, 'wasm', 2e9), sample(2, 'wasm', 4e9), sample(3, 'wasm', 0), sample(4, 'wasm', Number.NaN)], 'wasm')?.flopsPerSecond).toBe(3e9);
    expect(medianSpeed([sample(1, 'wasm', 2e9)], 'webgpu')).toBeUndefined();
  });
});
